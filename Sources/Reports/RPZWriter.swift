import Foundation
import DNSWire
import Detection
import FluxModel

/// Writes a DNS Response Policy Zone (draft-vixie-dnsop-dns-rpz): QNAME triggers for flux
/// domains and their subdomains, NSDNAME and NSIP triggers for double-flux name servers.
public struct RPZWriter {
    /// What a triggered lookup gets.
    public enum Action: String, Sendable, CaseIterable {
        /// `CNAME .`: the client gets NXDOMAIN.
        case nxdomain
        /// `CNAME *.`: the client gets NOERROR with no data.
        case nodata
        /// `CNAME <garden>`: the client is sent to a walled-garden page.
        case garden
    }

    public var origin: DNSName
    public var action: Action
    /// The target name for `.garden`.
    public var garden: DNSName?
    /// The SOA serial; by default the end of the data window in seconds, so that it grows with the data.
    public var serial: UInt32?
    public var ttl: UInt32 = 300

    /// Creates a writer.
    public init(origin: DNSName, action: Action = .nxdomain, garden: DNSName? = nil, serial: UInt32? = nil) {
        self.origin = origin
        self.action = action
        self.garden = garden
        self.serial = serial
    }

    var target: String {
        switch action {
        case .nxdomain: return "."
        case .nodata: return "*."
        case .garden: return garden?.description ?? "."
        }
    }

    /// Writes the zone as it goes: items in domain order, a comment line and two triggers
    /// each; the name-server triggers (a set of the double-flux domains' NS names and
    /// addresses) at the end.
    public func write(_ items: [ExportItem], context: ExportContext, to out: inout some TextOutputStream) {
        let serial = self.serial ?? UInt32(clamping: Int64(context.windowEnd.rounded(.down)))
        out.write("; FluxScope response policy zone\n")
        out.write("; model \(context.modelStatement); data window \(context.windowStatement)\n")
        out.write("$ORIGIN \(origin)\n$TTL \(ttl)\n")
        out.write("@ SOA localhost. hostmaster.localhost. \(serial) 3600 600 604800 \(ttl)\n")
        out.write("@ NS localhost.\n")
        var nsNames = Set<DNSName>(), nsAddresses = Set<IPAddress>()
        for item in ExportItem.flux(items) {
            let v = item.verdict
            let d = v.domain.lowercased
            out.write("; \(d) \(v.verdict.rawValue) score \(String(format: "%.3f", v.score))\(item.networkID.map { " network \($0)" } ?? "")\n")
            out.write("\(relative(d)) CNAME \(target)\n")
            out.write("*.\(relative(d)) CNAME \(target)\n")
            if v.verdict == .doubleFlux {
                for ns in item.evidence.nameServers { nsNames.insert(ns.name.lowercased) }
                for a in item.evidence.nameServerAddresses where !a.address.isSpecialPurpose { nsAddresses.insert(a.address) }
            }
        }
        for ns in nsNames.sorted() {
            out.write("\(relative(ns)).rpz-nsdname CNAME \(target)\n")
        }
        for a in nsAddresses.sorted() {
            out.write("\(RPZWriter.ipTrigger(a)).rpz-nsip CNAME \(target)\n")
        }
    }

    /// The owner name relative to the origin, without the trailing dot (`evil.example.` becomes
    /// `evil.example`), so that it sits under `$ORIGIN`.
    func relative(_ n: DNSName) -> String {
        n.isRoot ? "@" : String(n.description.dropLast())
    }

    /// An address trigger (draft-vixie-dnsop-dns-rpz section 4.1): prefix length, then the
    /// address reversed: `32.4.3.2.1` for 1.2.3.4/32, `128.1.zz.db8.2001` for 2001:db8::1/128.
    static func ipTrigger(_ a: IPAddress) -> String {
        switch a {
        case .v4(let v):
            let o = v.octets
            return "32.\(o.3).\(o.2).\(o.1).\(o.0)"
        case .v6(let v):
            let words = v.words.map { String($0, radix: 16) }
            // Replace the longest run of zero words by "zz".
            var best = (start: -1, len: 0), i = 0
            while i < 8 {
                var j = i
                while j < 8 && v.words[j] == 0 { j += 1 }
                if j - i > best.len && j - i >= 2 { best = (i, j - i) }
                i = max(j, i + 1)
            }
            var parts: [String] = []
            var k = 0
            while k < 8 {
                if k == best.start { parts.append("zz"); k += best.len } else { parts.append(words[k]); k += 1 }
            }
            return "128." + parts.reversed().joined(separator: ".")
        }
    }
}
