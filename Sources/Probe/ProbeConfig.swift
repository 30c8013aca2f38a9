import DNSWire

/// How a prober asks and how hard it may push.
public struct ProbeConfig: Hashable, Sendable {
    /// Whom to ask.
    public enum Mode: Hashable, Sendable {
        /// Recursive resolvers (RD set); questions are spread over them in turn.
        case resolver([ProbeServer])
        /// Authoritative servers, asked without recursion so that each answer is fresh.
        /// Iteration starts at `start` (a root or parent, or the zone's own server) and
        /// follows referrals through NS records and glue. Servers found by iteration are asked
        /// on `start`'s port (so loopback test worlds can run on a high port).
        case authoritative(start: ProbeServer)
    }

    /// Whom to ask.
    public var mode: Mode
    /// The types asked for each probed name; CNAME chains are followed for each.
    public var types: [RecordType] = [.a, .aaaa, .ns]
    /// Ask A and AAAA of every NS host name (double flux).
    public var resolveNSHosts = true
    /// Ask PTR of every answered address.
    public var ptr = false
    /// Rounds per name; `nil` for as many as `duration` allows (one when neither is set).
    public var rounds: Int? = 1
    /// Probe-clock seconds after which no new lookup starts; `nil` for no limit.
    public var duration: Double?
    /// When names are due again.
    public var schedule = SchedulePolicy()
    /// Queries per second over all servers; `nil` for no limit.
    public var qps: Double?
    /// Queries per second to any one server; `nil` for no limit.
    public var perServerQPS: Double?
    /// Questions outstanding at once, at most.
    public var inFlight = 500
    /// Seconds to wait for the first attempt's answer; each retry waits twice as long as the
    /// one before (exponential backoff).
    public var timeout = 2.0
    /// Attempts after the first.
    public var retries = 2
    /// The EDNS UDP payload size advertised (RFC 6891 section 6.2.3); 0 sends no OPT record.
    public var ednsSize: UInt16 = 1232
    /// Ask every question over TCP (for measuring TCP; normally TCP is used only after TC).
    public var forceTCP = false
    /// UDP sockets in the pool, each with its own random source port; questions rotate
    /// over them.
    public var udpSockets = 8
    /// Persistent TCP connections per server, questions pipelined over them.
    public var tcpConnectionsPerServer = 4
    /// Longest CNAME chain followed, in links.
    public var maxCNAMELinks = 8
    /// Most referrals followed for one question (authoritative mode).
    public var maxReferrals = 10
    /// Most nested iterations to find a name server's address (authoritative mode).
    public var maxDepth = 4
    /// How fast the probe clock runs against real time: 60 makes a TTL of one minute pass
    /// in one second (for demos and tests). Timeouts are in real time.
    public var timeScale = 1.0

    /// A configuration with defaults for everything but the mode.
    public init(mode: Mode) { self.mode = mode }
}
