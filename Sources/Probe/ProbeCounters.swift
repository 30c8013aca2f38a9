import DNSWire

/// Running totals of a probe, for a progress display and the final summary.
public struct ProbeCounters: Hashable, Sendable {
    /// Datagrams and TCP messages sent, retries included.
    public var sent = 0
    /// Questions answered by a matching response (any rcode).
    public var answered = 0
    /// Attempts that timed out (a question may time out several times).
    public var timeouts = 0
    /// Attempts repeated after a timeout.
    public var retries = 0
    /// Questions given up after every retry timed out.
    public var gaveUp = 0
    /// UDP answers with the TC bit, asked again over TCP.
    public var truncated = 0
    /// Messages sent over TCP.
    public var tcpSent = 0
    /// Responses that matched no outstanding question (wrong id, name, type, class, or
    /// server; late answers after a retry), rejected.
    public var mismatches = 0
    /// Responses that could not be parsed.
    public var malformed = 0
    /// Transport errors (send failures, refused connections, closed TCP connections).
    public var transportErrors = 0
    /// Answered questions by response code.
    public var byRCode: [RCode: Int] = [:]
    /// Names whose lookup of one round finished.
    public var lookupsDone = 0
    /// Observations produced.
    public var observations = 0
    /// Questions in flight when the snapshot was taken.
    public var inFlight = 0
    /// The most questions that were ever in flight at once (never above `--in-flight`).
    public var peakInFlight = 0
    /// Seconds since the probe started.
    public var elapsed: Double = 0

    /// Creates zeroed counters.
    public init() {}

    /// Completed questions (answered or given up) per second of `elapsed`.
    public var completedPerSecond: Double {
        elapsed > 0 ? Double(answered + gaveUp) / elapsed : 0
    }

    /// Adds the totals of another run (a worker's rounds): counts add, `elapsed` adds, the
    /// in-flight peak is the larger; `inFlight` (a snapshot) is left alone.
    public mutating func add(_ other: ProbeCounters) {
        sent += other.sent
        answered += other.answered
        timeouts += other.timeouts
        retries += other.retries
        gaveUp += other.gaveUp
        truncated += other.truncated
        tcpSent += other.tcpSent
        mismatches += other.mismatches
        malformed += other.malformed
        transportErrors += other.transportErrors
        byRCode.merge(other.byRCode, uniquingKeysWith: +)
        lookupsDone += other.lookupsDone
        observations += other.observations
        peakInFlight = max(peakInFlight, other.peakInFlight)
        elapsed += other.elapsed
    }
}
