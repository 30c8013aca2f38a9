import DNSWire
import Detection
import FluxModel

/// Writes a STIX 2.1 bundle (OASIS STIX Version 2.1): an `indicator` per flux domain with a
/// `[domain-name:value = '…']` pattern, the `domain-name` and `ipv4-addr`/`ipv6-addr`
/// observables with `resolves_to_refs`, one `infrastructure` (botnet) per flux network with
/// `indicates` and `consists-of` relationships. Ids are name-based UUIDs: the same data
/// gives the same bundle.
public struct STIXWriter {
    /// How long an indicator stays valid after the last sighting.
    public var validity: Double = 7 * 86_400

    /// Creates a writer.
    public init() {}

    /// Writes the bundle as one JSON document, object by object as it goes: the identity,
    /// a `note` that states the model and the data window, then per flux domain (in domain
    /// order) its new addresses, its `domain-name` and its indicator, then per network its
    /// infrastructure and relationships. Besides the output, it keeps only the ids already
    /// written (addresses and domains, to write each once and to relate networks to them).
    public func write(_ items: [ExportItem], networks: [FluxNetwork], context: ExportContext, to out: inout some TextOutputStream) {
        let created = UTCTime.rfc3339(context.windowEnd)
        let identity = "identity--" + UUIDv5.make(namespace: UUIDv5.fluxScopeNamespace, name: "identity:fluxscope")
        let flux = ExportItem.flux(items)
        // The bundle id names what the bundle holds: the model, the window, the networks and
        // the flagged domains (an FNV-1a hash over them, so no list is built).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325, count = 0
        for item in flux {
            for byte in "\(item.verdict.domain.lowercased)/\(item.verdict.level.rawValue),".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            count += 1
        }
        let bundle = "bundle--" + UUIDv5.make(namespace: UUIDv5.fluxScopeNamespace,
                                              name: "bundle:\(context.modelStatement):\(context.windowStatement):\(networks.count):\(count):\(hash)")
        out.write("{\"type\":\"bundle\",\"id\":\"\(bundle)\",\"objects\":[\n")
        out.write(obj([("type", s("identity")), ("spec_version", s("2.1")), ("id", s(identity)), ("created", s(created)),
                       ("modified", s(created)), ("name", s("FluxScope")), ("identity_class", s("system"))]))
        func emit(_ fields: [(String, String)]) { out.write(",\n" + obj(fields)) }
        let note = "note--" + UUIDv5.make(namespace: UUIDv5.fluxScopeNamespace, name: "note:\(context.modelStatement):\(context.windowStatement)")
        emit([("type", s("note")), ("spec_version", s("2.1")), ("id", s(note)), ("created_by_ref", s(identity)),
              ("created", s(created)), ("modified", s(created)),
              ("abstract", s("FluxScope export: model \(context.modelStatement), data window \(context.windowStatement)")),
              ("content", s("Verdicts of the FluxScope model \(context.model)\(context.modelVersion.map { " (weights version \($0))" } ?? "") over DNS data seen from \(context.windowStatement).")),
              ("object_refs", arr([s(identity)]))])
        var indicatorsByNetwork: [String: [String]] = [:]
        var writtenDomains = Set<DNSName>()
        var writtenAddresses = Set<IPAddress>()
        for item in flux {
            let v = item.verdict
            let name = String(v.domain.lowercased.description.dropLast())
            var refs: [String] = []
            for a in item.evidence.addresses.map(\.address).sorted() where !a.isSpecialPurpose {
                let id = addressID(a)
                if writtenAddresses.insert(a).inserted {
                    emit([("type", s(a.isV4 ? "ipv4-addr" : "ipv6-addr")), ("spec_version", s("2.1")), ("id", s(id)), ("value", s(a.description))])
                }
                if refs.last != id { refs.append(id) }
            }
            let domainID = domainID(v.domain)
            if writtenDomains.insert(v.domain.lowercased).inserted {
                var domainFields = [("type", s("domain-name")), ("spec_version", s("2.1")), ("id", s(domainID)), ("value", s(name))]
                if !refs.isEmpty { domainFields.append(("resolves_to_refs", arr(refs.map(s)))) }
                emit(domainFields)
            }
            let first = item.evidence.addresses.map(\.firstSeen).min() ?? context.windowStart
            let last = item.evidence.addresses.map(\.lastSeen).max() ?? context.windowEnd
            let indicator = "indicator--" + UUIDv5.make(namespace: UUIDv5.fluxScopeNamespace,
                                                        name: "indicator:\(name):\(context.model)" + (v.level == .fqdn ? "" : ":\(v.level.rawValue)"))
            let pattern = "[domain-name:value = '\(name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))']"
            emit([
                ("type", s("indicator")), ("spec_version", s("2.1")), ("id", s(indicator)), ("created_by_ref", s(identity)),
                ("created", s(created)), ("modified", s(created)),
                ("name", s("\(v.verdict.rawValue) domain \(name)")),
                ("description", s("FluxScope \(context.modelStatement) verdict \(v.verdict.rawValue), score \(fmt(v.score)); \(Set(item.evidence.addresses.map(\.address)).count) addresses seen between \(UTCTime.rfc3339(first)) and \(UTCTime.rfc3339(last)).")),
                ("indicator_types", arr([s("malicious-activity")])),
                ("pattern", s(pattern)), ("pattern_type", s("stix")),
                ("valid_from", s(UTCTime.rfc3339(first))), ("valid_until", s(UTCTime.rfc3339(max(last, first) + validity))),
                ("confidence", String(Int((v.score * 100).rounded()))),
            ])
            if let n = item.networkID { indicatorsByNetwork[n, default: []].append(indicator) }
        }
        for n in networks.sorted(by: { $0.id < $1.id }) {
            let infra = "infrastructure--" + UUIDv5.make(namespace: UUIDv5.fluxScopeNamespace, name: "network:\(n.id)")
            emit([
                ("type", s("infrastructure")), ("spec_version", s("2.1")), ("id", s(infra)), ("created_by_ref", s(identity)),
                ("created", s(created)), ("modified", s(created)), ("name", s("Flux network \(n.id)")),
                ("description", s("\(n.domains.count) domains served by \(n.agents.count) agents in \(n.asns.count) ASNs and \(n.countries.count) countries")),
                ("infrastructure_types", arr([s("botnet")])),
                ("first_seen", s(UTCTime.rfc3339(n.firstSeen))), ("last_seen", s(UTCTime.rfc3339(max(n.lastSeen, n.firstSeen)))),
            ])
            func relate(_ type: String, _ from: String, _ to: String) {
                let id = "relationship--" + UUIDv5.make(namespace: UUIDv5.fluxScopeNamespace, name: "\(type):\(from):\(to)")
                emit([("type", s("relationship")), ("spec_version", s("2.1")), ("id", s(id)), ("created", s(created)),
                      ("modified", s(created)), ("relationship_type", s(type)), ("source_ref", s(from)), ("target_ref", s(to))])
            }
            for i in (indicatorsByNetwork[n.id] ?? []) { relate("indicates", i, infra) }
            for d in n.domains where writtenDomains.contains(d.lowercased) { relate("consists-of", infra, domainID(d)) }
            for a in n.agents where writtenAddresses.contains(a) { relate("consists-of", infra, addressID(a)) }
        }
        out.write("\n]}\n")
    }

    /// The STIX id of an address: a UUIDv5 of its value (STIX 2.1 section 2.9).
    private func addressID(_ a: IPAddress) -> String {
        (a.isV4 ? "ipv4-addr" : "ipv6-addr") + "--" + UUIDv5.make(namespace: UUIDv5.stixNamespace, name: "{\"value\":\"\(a)\"}")
    }

    /// The STIX id of a domain name (lower case, no trailing dot).
    private func domainID(_ d: DNSName) -> String {
        let name = String(d.lowercased.description.dropLast())
        return "domain-name--" + UUIDv5.make(namespace: UUIDv5.stixNamespace, name: "{\"value\":\"\(jsonEscaped(name))\"}")
    }

    private func fmt(_ x: Double) -> String { String(Int((x * 1000).rounded())) .padded() }
    private func s(_ v: String) -> String { "\"" + jsonEscaped(v) + "\"" }
    private func arr(_ v: [String]) -> String { "[" + v.joined(separator: ",") + "]" }
    private func obj(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}

/// JSON string escaping (RFC 8259 section 7).
func jsonEscaped(_ s: String) -> String {
    var j = JSONWriter(capacity: s.utf8.count + 2)
    j.string(s)
    return String(j.text.dropFirst().dropLast())
}

private extension String {
    /// "975" -> "0.975" for a score in thousandths.
    func padded() -> String {
        let digits = count < 4 ? String(repeating: "0", count: 4 - count) + self : self
        return String(digits.dropLast(3)) + "." + String(digits.suffix(3))
    }
}
