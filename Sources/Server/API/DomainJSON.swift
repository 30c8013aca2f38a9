import DNSWire
import Detection
import Reports
import Store

/// The JSON shapes of a judged domain (see the OpenAPI document's `DomainSummary` and `DomainDetail`).
enum DomainJSON {
    /// One line of a listing: the verdicts, Holz's score beside ours, and the features.
    static func summary(_ r: AnalysisSnapshot.Row, to j: inout JSONWriter) {
        j.beginObject()
        common(r, to: &j)
        j.key("features"); j.beginObject()
        for (f, v) in r.verdict.features.all {
            j.key(f.name)
            if let v { j.number(v) } else { j.null() }
        }
        j.endObject()
        j.endObject()
    }

    /// One domain in full: both verdicts with their evidence, the network, the watch entry.
    static func detail(_ r: AnalysisSnapshot.Row, watch: WatchEntry?, to j: inout JSONWriter) {
        j.beginObject()
        common(r, to: &j)
        j.key("fluxscope"); r.verdict.writeJSON(to: &j)
        j.key("holz"); r.holz.writeJSON(to: &j)
        j.key("watch"); if let watch { WatchJSON.entry(watch, to: &j) } else { j.null() }
        j.endObject()
    }

    private static func common(_ r: AnalysisSnapshot.Row, to j: inout JSONWriter) {
        j.key("domain"); j.string(r.evidence.domain.description)
        j.key("level"); j.string(r.evidence.level.rawValue)
        j.key("verdict"); j.string(r.verdict.verdict.rawValue)
        j.key("score"); j.number(r.verdict.score)
        j.key("model"); j.string(r.verdict.model)
        j.key("holz_verdict"); j.string(r.holz.verdict.rawValue)
        j.key("holz_f")
        if let f = r.holz.evidence.first(where: { $0.name == "f" })?.value { j.number(f) } else { j.null() }
        j.key("network"); if let n = r.network { j.string(n) } else { j.null() }
        j.key("addresses"); j.number(Set(r.evidence.addresses.map(\.address)).count)
        let first = r.evidence.addresses.map(\.firstSeen).min(), last = r.evidence.addresses.map(\.lastSeen).max()
        j.key("first_seen"); if let first { j.string(UTCTime.rfc3339(first)) } else { j.null() }
        j.key("last_seen"); if let last { j.string(UTCTime.rfc3339(last)) } else { j.null() }
    }
}

/// The JSON shape of a watchlist entry.
enum WatchJSON {
    static func entry(_ w: WatchEntry, to j: inout JSONWriter) {
        j.beginObject()
        j.key("domain"); j.string(w.domain.description)
        j.key("note"); if let n = w.note { j.string(n) } else { j.null() }
        j.key("interval"); if let i = w.interval { j.number(i) } else { j.null() }
        j.key("added_at"); j.string(UTCTime.rfc3339(w.addedAt))
        j.key("next_due"); j.string(UTCTime.rfc3339(w.nextDue))
        j.key("last_probed"); if let t = w.lastProbed { j.string(UTCTime.rfc3339(t)) } else { j.null() }
        j.endObject()
    }
}
