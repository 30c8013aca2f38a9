import DNSWire

extension Scenario {
    /// Checks what decoding cannot: names, ranges, zones inside TLDs, unique zones.
    /// The error's key says which entry (`zones[2].answer-count`).
    public func validate() throws(LabError) {
        guard timeScale > 0, timeScale.isFinite else { throw LabError("must be a positive number", key: "time-scale") }
        guard !tlds.isEmpty else { throw LabError("at least one TLD is needed", key: "tlds") }
        var tldNames: [DNSName] = []
        for (i, tld) in tlds.enumerated() {
            tldNames.append(try Scenario.name(tld, key: "tlds[\(i)]"))
        }
        var seen: [DNSName: Int] = [:]
        for (i, zone) in zones.enumerated() {
            let key = "zones[\(i)]"
            let apex = try Scenario.name(zone.name, key: "\(key).name")
            guard tldNames.contains(where: { apex != $0 && apex.isSubdomain(of: $0) }) else {
                throw LabError("'\(zone.name)' is not below any of the TLDs \(tlds)", key: "\(key).name")
            }
            if let other = seen[apex] {
                throw LabError("'\(zone.name)' is already zones[\(other)]", key: "\(key).name")
            }
            seen[apex] = i
            try zone.validate(key: key, tlds: tldNames, tld: tlds[0])
        }
        for (apex, i) in seen.sorted(by: { $0.value < $1.value }) {
            if let outer = seen.keys.first(where: { $0 != apex && apex.isSubdomain(of: $0) }) {
                throw LabError("zone inside another zone (\(outer)); nested zones are not supported",
                               key: "zones[\(i)].name")
            }
        }
    }

    static func name(_ text: String, key: String) throws(LabError) -> DNSName {
        do {
            let name = try DNSName(text.hasSuffix(".") ? text : text + ".")
            guard !name.isRoot else { throw LabError("the root is not allowed here", key: key) }
            return name
        } catch let error as LabError {
            throw error
        } catch {
            throw LabError("'\(text)' is not a domain name: \(error)", key: key)
        }
    }
}

extension ZoneSpec {
    /// Checks the parameters after defaults are applied.
    func validate(key: String, tlds: [DNSName], tld: String) throws(LabError) {
        let p = resolved(tld: tld)
        func check(_ ok: Bool, _ field: String, _ why: String) throws(LabError) {
            if !ok { throw LabError(why, key: "\(key).\(field)") }
        }
        try check(p.ttl <= 0x7FFF_FFFF, "ttl", "a TTL is at most 2147483647 (RFC 2181 section 8)")
        try check((1...64).contains(p.answerCount), "answer-count", "must be between 1 and 64")
        try check(!p.asns.isEmpty, "asns", "at least one AS number is needed")
        try check(p.poolSize >= 1 && p.poolSize <= 1_000_000, "pool-size", "must be between 1 and 1000000")
        try check(p.minLifetime.seconds > 0, "min-lifetime", "must be longer than zero")
        try check(p.maxLifetime >= p.minLifetime, "max-lifetime", "must not be shorter than min-lifetime")
        try check(p.online > 0 && p.online <= 1, "online", "must be above 0 and at most 1")
        try check(p.changeEvery.seconds > 0, "change-every", "must be longer than zero")
        try check(p.glueRotation.seconds > 0, "glue-rotation", "must be longer than zero")
        try check((1...13).contains(p.nsCount), "ns-count", "must be between 1 and 13")
        try check(p.nsPool >= p.nsCount && p.nsPool <= 100, "ns-pool", "must be between ns-count and 100")
        try check((1...64).contains(p.regions), "regions", "must be between 1 and 64")
        try check(p.nsTTL <= 0x7FFF_FFFF && p.glueTTL <= 0x7FFF_FFFF && p.negativeTTL <= 0x7FFF_FFFF,
                  "ns-ttl", "TTLs are at most 2147483647")
        for (i, host) in p.hosts.enumerated() {
            let ok = !host.isEmpty && host.utf8.count <= 63 && !host.contains(".") && host != "*"
            try check(ok, "hosts[\(i)]", "'\(host)' is not a single DNS label")
        }
        if kind == .cdn {
            let provider = try Scenario.name(p.provider, key: "\(key).provider")
            try check(tlds.contains { provider != $0 && provider.isSubdomain(of: $0) }, "provider",
                      "'\(p.provider)' is not below any TLD of the scenario")
        }
    }
}
