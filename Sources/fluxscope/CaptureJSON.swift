import DNSWire
import FluxModel

/// JSON lines for what `capture` ingests, until the store takes them.
enum CaptureJSON {
    /// `{"kind":"observation","time":…,"source":…,"name":…,"type":…,"ttl":…,"section":…,"data":…}`
    static func line(_ o: Observation, source: String) -> String {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("kind"); w.string("observation")
        w.key("time"); w.number(o.time)
        w.key("source"); w.string(source)
        w.key("name"); w.string(o.name.description)
        w.key("type"); w.string(o.type.description)
        w.key("ttl"); if let t = o.ttl { w.number(t) } else { w.null() }
        w.key("section"); w.string(o.section.description)
        w.key("data"); w.string(o.data.presentation(type: o.type))
        w.endObject()
        return w.text + "\n"
    }

    /// `{"kind":"outcome","time":…,"source":…,"name":…,"type":…,"rcode":…}`
    static func line(_ o: Outcome, source: String) -> String {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.key("kind"); w.string("outcome")
        w.key("time"); w.number(o.time)
        w.key("source"); w.string(source)
        w.key("name"); w.string(o.name.description)
        w.key("type"); w.string(o.type.description)
        w.key("rcode"); w.string(o.rcode.description)
        w.endObject()
        return w.text + "\n"
    }

    /// `{"kind":"client","time":…,"source":…,"client":…,"name":…}`
    static func line(_ c: ClientQuery, source: String) -> String {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.key("kind"); w.string("client")
        w.key("time"); w.number(c.time)
        w.key("source"); w.string(source)
        w.key("client"); w.string(c.client)
        w.key("name"); w.string(c.name.description)
        w.endObject()
        return w.text + "\n"
    }
}
