import DNSWire
import FluxModel
import NIOCore

/// One question waiting to be asked or being asked, with what the engine needs to retry
/// it, follow referrals, and account for it in its lookup.
struct Request {
    /// The lookup (job slot) it belongs to.
    var job: Int
    var question: Question
    var purpose: QueryPurpose
    /// Attempts made so far (0 before the first send).
    var attempt = 0
    /// Server indices to choose from; empty to rotate over every resolver.
    var candidates: [Int] = []
    /// The zone the candidates serve (authoritative mode; the root for the start server).
    var zone: DNSName = .root
    /// Referrals followed so far for this question.
    var referrals = 0
    /// Nesting of name-server address lookups (authoritative mode).
    var depth = 0
    /// Ask over TCP (after TC, or when forced).
    var tcp = false
    /// The question to resume once this one found a name server's address.
    var parent: RequestBox?
}

/// A reference holding a request, so that `Request` can point at its parent.
final class RequestBox {
    let request: Request
    init(_ request: Request) { self.request = request }
}

/// A question on the wire: the request, where it went, under which id, and when.
struct Slot {
    var request: Request
    var server: Int
    /// UDP socket index (-1 for TCP).
    var socket: Int
    /// The TCP connection, for TCP questions.
    var connection: TCPConnection?
    var id: UInt16
    var sentAt: NIODeadline
    var generation: UInt32
}

/// One name's lookup in one round: its questions outstanding and what the answers said.
struct Job {
    var schedule: NameSchedule
    var outstanding = 0
    /// Questions already asked in this lookup (so that follow-ups are asked once).
    var asked: [Question] = []
    /// Smallest answer TTL among the target questions (and CNAME targets).
    var ttl: UInt32?
    /// SOA TTL from negative answers.
    var negativeTTL: UInt32?
    /// True once a target question got a definite answer (NOERROR or NXDOMAIN).
    var answered = false
}
