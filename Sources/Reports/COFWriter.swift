import DNSWire
import Detection
import FluxModel

/// Writes passive-DNS Common Output Format (draft-dulaunoy-dnsop-passive-dns-cof) JSON
/// lines: the sightings behind the verdicts, so that a CERT can share the evidence itself.
public struct COFWriter {
    /// The `sensor_id` put on every line.
    public var sensorID: String

    /// Creates a writer.
    public init(sensorID: String = "fluxscope") { self.sensorID = sensorID }

    /// Writes one line per address, CNAME target, name server and name-server address of
    /// each flux domain, domain by domain as it goes; returns the number of lines.
    @discardableResult
    public func write(_ items: [ExportItem], to out: inout some TextOutputStream) -> Int {
        var j = JSONWriter()
        var lines = 0
        for item in ExportItem.flux(items) {
            let e = item.evidence
            let owner = e.domain.lowercased.description
            for a in e.addresses.sorted(by: { $0.address < $1.address }) {
                line(&j, owner, a.address.isV4 ? "A" : "AAAA", a.address.description, a.firstSeen, a.lastSeen, a.count)
            }
            for c in e.cnameTargets { line(&j, owner, "CNAME", c.name.description, c.firstSeen, c.lastSeen, c.count) }
            for n in e.nameServers { line(&j, owner, "NS", n.name.description, n.firstSeen, n.lastSeen, n.count) }
            for a in e.nameServerAddresses.sorted(by: { $0.address < $1.address }) {
                line(&j, "(name server of \(owner))", a.address.isV4 ? "A" : "AAAA", a.address.description, a.firstSeen, a.lastSeen, a.count)
            }
            lines += e.addresses.count + e.cnameTargets.count + e.nameServers.count + e.nameServerAddresses.count
            out.write(j.text)
            j.reset()
        }
        return lines
    }

    /// The COF format has no header or comment line, so what the lines came from goes beside
    /// them: one JSON object (the `--meta` sidecar of `fluxscope export cof`) with `format`,
    /// `model`, `model_version`, `window_start`, `window_end`, `sensor_id` and `lines`.
    public func meta(context: ExportContext, lines: Int) -> String {
        var j = JSONWriter()
        j.beginObject()
        j.key("format"); j.string("passive-dns-cof")
        j.key("generator"); j.string("fluxscope export cof")
        j.key("model"); j.string(context.model)
        j.key("model_version"); if let v = context.modelVersion { j.string(v) } else { j.null() }
        j.key("window_start"); j.string(UTCTime.rfc3339(context.windowStart))
        j.key("window_end"); j.string(UTCTime.rfc3339(context.windowEnd))
        j.key("sensor_id"); j.string(sensorID)
        j.key("lines"); j.number(lines)
        j.endObject()
        j.newline()
        return j.text
    }

    private func line(_ j: inout JSONWriter, _ name: String, _ type: String, _ data: String, _ first: Timestamp, _ last: Timestamp, _ count: Int) {
        j.beginObject()
        j.key("rrname"); j.string(name)
        j.key("rrtype"); j.string(type)
        j.key("rdata"); j.string(data)
        j.key("time_first"); j.number(Int64(first.rounded(.down)))
        j.key("time_last"); j.number(Int64(last.rounded(.down)))
        j.key("count"); j.number(count)
        j.key("sensor_id"); j.string(sensorID)
        j.endObject()
        j.newline()
    }
}
