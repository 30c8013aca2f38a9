import DNSWire
import NIOCore

extension Engine {
    /// The deepest zone cut known above `name` and its servers; the start server (as the
    /// root) when none is known.
    func closestCut(for name: DNSName) -> (DNSName, [Int]) {
        if !cuts.isEmpty {
            var n = name
            while !n.isRoot {
                if let servers = cuts[n] { return (n, servers) }
                n = n.parent
            }
        }
        return (.root, startCandidates)
    }

    /// Follows a referral (RFC 1034 section 5.3.3): asks the same question of the delegated
    /// zone's servers, by glue, or by first looking up a server's address. The new zone must
    /// lie strictly below the current one (no loops, no upward referrals), within
    /// `maxReferrals` steps and `maxDepth` nested address lookups.
    func follow(_ referral: ResponseDigest.Referral, for slot: Slot, digest: ResponseDigest, rtt: Double,
                transport: ProbeTransport) {
        var request = slot.request
        var referred = digest
        referred.outcome = nil
        results.append(result(of: request, probedName: jobs[request.job]?.schedule.name ?? request.question.name,
                              purpose: .referral, server: slot.server, status: .answered(.noError), rtt: rtt,
                              digest: referred, authoritative: false, transport: transport))
        let deeper = referral.zone.isSubdomain(of: request.zone) && referral.zone != request.zone
        guard deeper, request.referrals < config.maxReferrals else {
            finishQuestion(request, status: .failed("referral to \(referral.zone) from \(request.zone): loop or too many referrals"),
                           server: slot.server, rtt: rtt, digest: nil, authoritative: false, transport: transport)
            return
        }
        request.zone = referral.zone
        request.referrals += 1
        request.attempt = 0
        let glue = servers(at: referral.glue)
        if !glue.isEmpty {
            cuts[referral.zone] = glue
            request.candidates = glue
            ready.prepend(request)
        } else if let host = referral.hosts.first(where: { !$0.isSubdomain(of: referral.zone) }),
                  request.depth < config.maxDepth {
            var child = makeRequest(job: request.job, question: Question(name: host, type: .a), purpose: .referral,
                                    depth: request.depth + 1)
            child.parent = RequestBox(request)
            ready.prepend(child)
        } else {
            finishQuestion(request, status: .failed("referral to \(referral.zone) without usable glue"),
                           server: slot.server, rtt: rtt, digest: nil, authoritative: false, transport: transport)
        }
    }

    /// Continues an iteration once a name server's addresses are known.
    func resume(_ parent: Request, with addresses: [IPAddress]) {
        let found = servers(at: addresses)
        guard !found.isEmpty else {
            finishQuestion(parent, status: .failed("no address for the name servers of \(parent.zone)"),
                           server: startServer, rtt: nil, digest: nil, authoritative: false)
            return
        }
        cuts[parent.zone] = found
        var request = parent
        request.candidates = found
        ready.prepend(request)
    }

    /// Server indices for addresses we have sockets for, on the start server's port.
    private func servers(at addresses: [IPAddress]) -> [Int] {
        let port = servers[startServer].port
        var out: [Int] = []
        for a in addresses where udp.has(v4: a.isV4) || config.forceTCP {
            if let i = try? register(ProbeServer(address: a, port: port)), !out.contains(i) { out.append(i) }
        }
        return out
    }
}
