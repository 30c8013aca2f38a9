import DNSWire
import FluxModel

/// What became of one question: answered (with an rcode), or given up after timeouts or a
/// transport error.
public enum QueryStatus: Hashable, Sendable, CustomStringConvertible {
    /// A matching response arrived with this response code.
    case answered(RCode)
    /// No matching response within the timeout, after every retry.
    case timeout
    /// The question could not be asked or the answer not read (the reason says why).
    case failed(String)

    /// The rcode mnemonic, `TIMEOUT`, or `FAILED(reason)`.
    public var description: String {
        switch self {
        case .answered(let rcode): return rcode.description
        case .timeout: return "TIMEOUT"
        case .failed(let why): return "FAILED(\(why))"
        }
    }
}

/// The transport that carried the final attempt of a question.
public enum ProbeTransport: String, Hashable, Sendable {
    /// UDP (RFC 1035 section 4.2.1).
    case udp
    /// TCP with the two-octet length prefix (RFC 1035 section 4.2.2, RFC 7766).
    case tcp
}

/// Why a question was asked.
public enum QueryPurpose: String, Hashable, Sendable {
    /// One of the configured types for a probed name.
    case target
    /// The target of an incomplete CNAME chain.
    case cnameTarget = "cname"
    /// The address of a name server host (double flux).
    case nsHost = "ns-host"
    /// The reverse name of an answered address (`--ptr`).
    case ptr
    /// A step of authoritative iteration (a referral was followed).
    case referral
}

/// The result of one question: its status, timing, and the records it brought, each as an
/// `Observation` (answer, authority and additional sections, with TTLs).
public struct ProbeResult: Hashable, Sendable {
    /// The probed name this question belongs to (the name from the input list).
    public var probedName: DNSName
    /// The question asked.
    public var question: Question
    /// Why it was asked.
    public var purpose: QueryPurpose
    /// The server that gave the final answer (or was asked last).
    public var server: ProbeServer
    /// The outcome.
    public var status: QueryStatus
    /// When the answer arrived or the question was given up (probe-clock time).
    public var time: Timestamp
    /// The round trip of the final attempt in seconds; `nil` unless answered.
    public var rtt: Double?
    /// Attempts made (1 when the first one was answered).
    public var attempts: Int
    /// The transport of the final attempt.
    public var transport: ProbeTransport
    /// True when the answer had the AA bit (authoritative, so fresh rather than cached).
    public var authoritative: Bool
    /// The records of the response.
    public var observations: [Observation]
    /// Set for NXDOMAIN, SERVFAIL, REFUSED and other error rcodes, and for NOERROR
    /// without records of the asked type (NODATA, recorded with rcode NOERROR).
    public var outcome: Outcome?
}
