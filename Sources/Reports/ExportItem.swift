import Analysis
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

extension ExportItem {
    /// The flux items in domain order (then level), as every export writes them: a lazy
    /// walk over a sorted list of indices, so no item is copied ahead of its turn.
    public static func flux(_ items: [ExportItem]) -> some Collection<ExportItem> {
        items.indices.filter { items[$0].verdict.verdict.isFlux }
            .sorted { (items[$0].verdict.domain, items[$0].verdict.level.rawValue) < (items[$1].verdict.domain, items[$1].verdict.level.rawValue) }
            .lazy.map { items[$0] }
    }
}

/// What every export states about where it came from.
public struct ExportContext: Sendable {
    /// The time window of the data.
    public var windowStart: Timestamp
    public var windowEnd: Timestamp
    /// The model that produced the verdicts, and the version of its weights (`nil` for a
    /// published formula).
    public var model: String
    public var modelVersion: String?
    /// When the export was made (kept out of content that must be deterministic unless given).
    public var generated: Timestamp

    /// Creates a context.
    public init(windowStart: Timestamp, windowEnd: Timestamp, model: String, modelVersion: String? = nil, generated: Timestamp) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.model = model
        self.modelVersion = modelVersion
        self.generated = generated
    }

    /// The context of an analysis: its data window and its model.
    public init(_ result: AnalysisResult, generated: Timestamp) {
        self.init(windowStart: result.windowStart, windowEnd: result.windowEnd, model: result.model,
                  modelVersion: result.modelVersion, generated: generated)
    }

    /// The model as the exports state it: `fluxscope weights 1`, or the name alone.
    public var modelStatement: String {
        modelVersion.map { "\(model) weights \($0)" } ?? model
    }

    /// `<start> to <end>` in RFC 3339.
    public var windowStatement: String {
        "\(UTCTime.rfc3339(windowStart)) to \(UTCTime.rfc3339(windowEnd))"
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
