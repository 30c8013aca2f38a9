import DNSWire
import FluxModel

/// One passive-DNS JSON record as COF and DNSDB write it: `rrname`, `rrtype`, `rdata`
/// (a string or an array), `count`, `time_first`/`time_last` (sensor times) and
/// `zone_time_first`/`zone_time_last` (zone-file times), `sensor_id`.
struct PassiveDNSRecord {
    var name: DNSName
    var type: RecordType
    var rdata: [String]
    var count: Int?
    var sensorTimes: (first: Timestamp, last: Timestamp)?
    var zoneTimes: (first: Timestamp, last: Timestamp)?
    var sensor: String?

    /// Reads a record; throws a (kind, reason) problem.
    init(_ o: [String: JSONValue]) throws(RecordProblem) {
        guard let rrname = o["rrname"]?.string else { throw RecordProblem("missing_field", "rrname is missing or not a string") }
        do throws(DNSWireError) { name = try DNSName(rrname) } catch {
            throw RecordProblem("bad_name", "rrname '\(rrname)': \(error.reason)")
        }
        let typeValue = o["rrtype"]
        if let t = typeValue?.string.flatMap({ RecordType(mnemonic: $0) }) {
            type = t
        } else if let n = typeValue?.int64, let t = UInt16(exactly: n) {
            type = RecordType(t)
        } else {
            throw RecordProblem("bad_type", "rrtype is missing or not a record type")
        }
        switch o["rdata"] {
        case .string(let s)?: rdata = [s]
        case .array(let items)?:
            rdata = []
            for item in items {
                guard let s = item.string else { throw RecordProblem("bad_rdata", "an rdata element is \(item.kindName), not a string") }
                rdata.append(s)
            }
        default:
            throw RecordProblem("missing_field", "rdata is missing or neither a string nor an array")
        }
        if let c = o["count"] {
            guard let n = c.int64, n >= 0 else { throw RecordProblem("bad_count", "count is not a whole number") }
            count = Int(n)
        }
        sensorTimes = try PassiveDNSRecord.times(o, "time_first", "time_last")
        zoneTimes = try PassiveDNSRecord.times(o, "zone_time_first", "zone_time_last")
        guard sensorTimes != nil || zoneTimes != nil else {
            throw RecordProblem("missing_field", "neither time_first/time_last nor zone_time_first/zone_time_last")
        }
        sensor = o["sensor_id"]?.string
    }

    private static func times(_ o: [String: JSONValue], _ a: String, _ b: String) throws(RecordProblem) -> (Timestamp, Timestamp)? {
        guard o[a] != nil || o[b] != nil else { return nil }
        guard let av = o[a], let first = TimeText.json(av) else { throw RecordProblem("bad_time", "\(a) is missing or not a time") }
        guard let bv = o[b], let last = TimeText.json(bv) else { throw RecordProblem("bad_time", "\(b) is missing or not a time") }
        guard first <= last else { throw RecordProblem("bad_time", "\(a) is after \(b)") }
        return (first, last)
    }

    /// The (time, weight) pairs a count becomes: one observation when first = last (weight
    /// `count`), else one at each end with weights 1 and `count - 1`, so that the sighting
    /// gets first seen, last seen and the count exactly. A missing count is taken as the
    /// least the times imply (1, or 2 when they differ).
    static func sightings(first: Timestamp, last: Timestamp, count: Int?) -> [(Timestamp, Int)] {
        if first == last { return [(first, max(1, count ?? 1))] }
        return [(first, 1), (last, max(1, (count ?? 2) - 1))]
    }
}
