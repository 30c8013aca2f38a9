import DNSWire
import Detection

extension FluxNetwork {
    /// Writes the network as one JSON object: id, domains, agents, asns, countries,
    /// first/last seen (RFC 3339) and growth (new agents per day).
    public func writeJSON(to j: inout JSONWriter) {
        j.beginObject()
        j.key("id"); j.string(id)
        j.key("domains"); j.beginArray(); for d in domains { j.string(d.description) }; j.endArray()
        j.key("agents"); j.beginArray(); for a in agents { j.string(a.description) }; j.endArray()
        j.key("asns"); j.beginArray(); for a in asns { j.number(a) }; j.endArray()
        j.key("countries"); j.beginArray(); for c in countries { j.string(c) }; j.endArray()
        j.key("first_seen"); j.string(UTCTime.rfc3339(firstSeen))
        j.key("last_seen"); j.string(UTCTime.rfc3339(lastSeen))
        j.key("growth"); j.beginArray()
        for g in growth {
            j.beginObject()
            j.key("day"); j.string(String(UTCTime.rfc3339(g.day).prefix(10)))
            j.key("new_agents"); j.number(g.newAgents)
            j.endObject()
        }
        j.endArray()
        j.endObject()
    }
}
