import DNSWire
import Detection

extension Verdict {
    /// Writes the verdict as one JSON object: `domain`, `level`, `verdict`, `score`, `model`,
    /// `features` {name: value or null}, `evidence` [{name, value, contribution, note}], and
    /// `reason` when there is one (the `analyze --json` contract).
    public func writeJSON(to j: inout JSONWriter) {
        j.beginObject()
        j.key("domain"); j.string(domain.description)
        j.key("level"); j.string(level.rawValue)
        j.key("verdict"); j.string(verdict.rawValue)
        j.key("score"); j.number(score)
        j.key("model"); j.string(model)
        j.key("features"); j.beginObject()
        for (f, v) in features.all {
            j.key(f.name)
            if let v { j.number(v) } else { j.null() }
        }
        j.endObject()
        j.key("evidence"); j.beginArray()
        for item in evidence {
            j.beginObject()
            j.key("name"); j.string(item.name)
            j.key("value"); if let v = item.value { j.number(v) } else { j.null() }
            if let c = item.contribution { j.key("contribution"); j.number(c) }
            if let n = item.note { j.key("note"); j.string(n) }
            j.endObject()
        }
        j.endArray()
        if let reason { j.key("reason"); j.string(reason) }
        j.endObject()
    }
}
