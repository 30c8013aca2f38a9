import DNSWire
import Detection
import FluxModel

/// One flagged domain as the exports see it: the verdict and the evidence behind it.
public struct ExportItem: Sendable {
    public var verdict: Verdict
    public var evidence: DomainEvidence
    /// The flux network the domain belongs to, if clustered.
    public var networkID: String?

    /// Creates an item.
    public init(verdict: Verdict, evidence: DomainEvidence, networkID: String? = nil) {
        self.verdict = verdict
        self.evidence = evidence
        self.networkID = networkID
    }
}

/// What every export states about where it came from.
public struct ExportContext: Sendable {
    /// The time window of the data.
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    /// The model that produced the verdicts.
    public var model: String
    /// When the export was made (kept out of content that must be deterministic unless given).
    public var generated: Timestamp

    /// Creates a context.
    public init(windowStart: Timestamp, windowEnd: Timestamp, model: String, generated: Timestamp) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.model = model
        self.generated = generated
    }
}

/// UTC time formatting shared by the exports.
public enum UTCTime {
    /// RFC 3339 with milliseconds and `Z` (as STIX 2.1 requires).
    public static func rfc3339(_ t: Timestamp) -> String {
        let whole = Int64(t.rounded(.down))
        let millis = Int((t - Double(whole)) * 1000)
        let (y, m, d, hh, mm, ss) = civil(whole)
        return "\(y)-\(p2(m))-\(p2(d))T\(p2(hh)):\(p2(mm)):\(p2(ss)).\(p3(millis))Z"
    }

    /// `YYYY-MM-DD HH:MM:SS` UTC (CSV files).
    public static func plain(_ t: Timestamp) -> String {
        let (y, m, d, hh, mm, ss) = civil(Int64(t.rounded(.down)))
        return "\(y)-\(p2(m))-\(p2(d)) \(p2(hh)):\(p2(mm)):\(p2(ss))"
    }

    static func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    static func p3(_ v: Int) -> String { v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)" }

    static func civil(_ t: Int64) -> (Int, Int, Int, Int, Int, Int) {
        let f = CivilTime.fields(epoch: t)
        return (f.year, f.month, f.day, f.hour, f.minute, f.second)
    }
}
