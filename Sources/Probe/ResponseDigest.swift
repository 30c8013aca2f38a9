import DNSWire
import FluxModel

/// What one response says about the question it answers: its records as observations, its
/// outcome, where its CNAME chain ends, and what to ask next (chain target, NS hosts,
/// addresses for PTR, the servers of a referral). Pure: no I/O, no state.
struct ResponseDigest {
    /// A referral (RFC 1034 section 4.3.2, step 3b): the zone cut and its servers.
    struct Referral {
        /// The delegated zone.
        var zone: DNSName
        /// Its name servers' host names.
        var hosts: [DNSName]
        /// Glue addresses found in the additional section, by host.
        var glue: [IPAddress]
    }

    /// The records as observations, when asked for (`keepObservations`); else empty.
    var observations: [Observation] = []
    /// The response's bytes when it parsed without error (its records are then not in
    /// `observations`).
    var response: [UInt8]?
    /// The number of records other than OPT (the observations the response makes).
    var recordCount = 0
    /// When the response arrived (probe-clock time): the time of its observations.
    var time: Timestamp
    var outcome: Outcome?
    /// The last name of the CNAME chain that starts at the question's name.
    var chainEnd: DNSName
    /// True when the chain ends on a name with no records of the asked type in the answer,
    /// so that the chain's target has to be asked for.
    var incompleteChain = false
    /// The smallest TTL of the answer records along the chain (CNAMEs and final records).
    var answerTTL: UInt32?
    /// The SOA TTL in the authority section (negative caching, RFC 2308 section 5).
    var negativeTTL: UInt32?
    /// NS host names answered at the chain's end.
    var nsHosts: [DNSName] = []
    /// Addresses answered at the chain's end.
    var addresses: [IPAddress] = []
    /// Set when the response is a referral rather than an answer.
    var referral: Referral?

    /// An empty digest of an answer to `question` that arrived at `time`.
    init(question: Question, time: Timestamp) {
        chainEnd = question.name
        self.time = time
    }

    /// Digests `message`; `keepObservations` builds its records as `observations` (else the
    /// caller keeps the message's bytes and they are built when needed, `ProbeResult`).
    init(question: Question, message: Message, time: Timestamp, source: SourceID, maxLinks: Int,
         keepObservations: Bool = true) {
        self.init(question: question, time: time)
        if keepObservations {
            observations = ResponseDigest.observations(of: message, time: time, source: source)
            recordCount = observations.count
        } else {
            for section in [Section.answer, .authority, .additional] {
                for rr in message.records(in: section) where rr.type != .opt { recordCount += 1 }
            }
        }
        let rcode = message.rcode
        for rr in message.authority where rr.type == .soa {
            negativeTTL = min(negativeTTL ?? rr.ttl, rr.ttl)
        }
        // Follow the chain (RFC 1034 section 3.6.2), at most `maxLinks` links, never in a loop.
        var links = 0
        var seen: [DNSName] = []
        if question.type != .cname {
            while links < maxLinks,
                  let link = message.answers.first(where: { $0.type == .cname && $0.name == chainEnd }),
                  case .name(let target) = link.data, target != question.name, !seen.contains(target) {
                seen.append(target)
                answerTTL = min(answerTTL ?? link.ttl, link.ttl)
                chainEnd = target
                links += 1
            }
        }
        var found = false
        for rr in message.answers where rr.type == question.type && rr.name == chainEnd {
            found = true
            answerTTL = min(answerTTL ?? rr.ttl, rr.ttl)
            switch rr.data {
            case .a(let v4): addresses.append(.v4(v4))
            case .aaaa(let v6): addresses.append(.v6(v6))
            case .name(let host) where rr.type == .ns: nsHosts.append(host)
            default: break
            }
        }
        if rcode == .noError, !found, message.answers.isEmpty, !message.flags.aa,
           let referral = ResponseDigest.referral(for: question.name, in: message) {
            self.referral = referral
            return
        }
        if rcode == .noError && !found && links > 0 {
            incompleteChain = true
        } else if rcode != .noError || !found {
            outcome = Outcome(name: chainEnd, type: question.type, rcode: rcode, time: time, source: source)
        }
    }

    /// The records of `message` (answer, authority, additional; OPT left out) as observations.
    static func observations(of message: Message, time: Timestamp, source: SourceID) -> [Observation] {
        var observations: [Observation] = []
        for section in [Section.answer, .authority, .additional] {
            for rr in message.records(in: section) where rr.type != .opt {
                observations.append(Observation(name: rr.name, type: rr.type, data: rr.data, ttl: rr.ttl,
                                                section: section, time: time, source: source))
            }
        }
        return observations
    }

    /// The delegation in the authority section: NS records of a zone that contains `name`,
    /// with the glue of their hosts from the additional section.
    static func referral(for name: DNSName, in message: Message) -> Referral? {
        let ns = message.authority.filter { $0.type == .ns && name.isSubdomain(of: $0.name) }
        guard let zone = ns.first?.name else { return nil }
        var hosts: [DNSName] = []
        for rr in ns where rr.name == zone {
            if case .name(let host) = rr.data { hosts.append(host) }
        }
        let glue = message.additional.filter { hosts.contains($0.name) }.compactMap(\.data.address)
        return Referral(zone: zone, hosts: hosts, glue: glue)
    }
}
