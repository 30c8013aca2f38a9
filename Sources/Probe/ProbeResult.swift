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
///
/// A response that parsed without error is kept as its bytes (`response`), not as values:
/// a store folds it straight from the wire (`WireObservations`, Ingest), and `observations`
/// builds the values only when asked. A malformed response keeps the records that parsed
/// before the error as values.
public struct ProbeResult: Hashable, Sendable {
    /// The probed name this question belongs to (the name from the input list).
    public var probedName: DNSName
    /// The question asked.
    public var question: Question
    /// Why it was asked.
    public var purpose: QueryPurpose
    /// The server that gave the final answer (or was asked last).
    public var server: ProbeServer
    /// The server's source number: the source of every observation of this result.
    public var source: SourceID
    /// The outcome.
    public var status: QueryStatus
    /// When the answer arrived or the question was given up (probe-clock time); the time of
    /// every observation of this result.
    public var time: Timestamp
    /// The round trip of the final attempt in seconds; `nil` unless answered.
    public var rtt: Double?
    /// Attempts made (1 when the first one was answered).
    public var attempts: Int
    /// The transport of the final attempt.
    public var transport: ProbeTransport
    /// True when the answer had the AA bit (authoritative, so fresh rather than cached).
    public var authoritative: Bool
    /// The response's bytes (without TCP's length prefix) when it parsed without error; its
    /// records are the observations. `nil` otherwise.
    public private(set) var response: [UInt8]?
    /// The records as values when they are not kept as `response` (a malformed response's
    /// records before the error; results made by hand).
    private var records: [Observation]
    /// The number of observations (records of the response other than OPT).
    public private(set) var recordCount: Int
    /// Set for NXDOMAIN, SERVFAIL, REFUSED and other error rcodes, and for NOERROR
    /// without records of the asked type (NODATA, recorded with rcode NOERROR).
    public var outcome: Outcome?

    /// A result whose records are given as values; `source` is that of the first
    /// observation, else of the outcome, else 0.
    public init(probedName: DNSName, question: Question, purpose: QueryPurpose, server: ProbeServer,
                status: QueryStatus, time: Timestamp, rtt: Double?, attempts: Int, transport: ProbeTransport,
                authoritative: Bool, observations: [Observation], outcome: Outcome?) {
        self.probedName = probedName
        self.question = question
        self.purpose = purpose
        self.server = server
        self.source = observations.first?.source ?? outcome?.source ?? 0
        self.status = status
        self.time = time
        self.rtt = rtt
        self.attempts = attempts
        self.transport = transport
        self.authoritative = authoritative
        self.response = nil
        self.records = observations
        self.recordCount = observations.count
        self.outcome = outcome
    }

    /// A result whose records are those of `response`, a message that parses without error
    /// and has `recordCount` records other than OPT, seen at `time` from `source`.
    init(probedName: DNSName, question: Question, purpose: QueryPurpose, server: ProbeServer, source: SourceID,
         status: QueryStatus, time: Timestamp, rtt: Double?, attempts: Int, transport: ProbeTransport,
         authoritative: Bool, response: [UInt8], recordCount: Int, outcome: Outcome?) {
        self.init(probedName: probedName, question: question, purpose: purpose, server: server, status: status,
                  time: time, rtt: rtt, attempts: attempts, transport: transport, authoritative: authoritative,
                  observations: [], outcome: outcome)
        self.source = source
        self.response = response
        self.recordCount = recordCount
    }

    /// The records of the response (answer, authority, additional; OPT left out), each seen
    /// at `time` from `source`. Built from `response` on each call when the bytes are kept.
    public var observations: [Observation] {
        guard let response else { return records }
        return response.withUnsafeBytes { ResponseDigest.observations(of: Message.parsePartial($0).message, time: time, source: source) }
    }
}
