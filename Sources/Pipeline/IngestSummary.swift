import FluxModel
import Store

/// What ingesting one file did.
public struct FileSummary: Sendable {
    /// The file.
    public var path: String
    /// The format it was read as.
    public var format: String
    /// The run it was written under.
    public var run: RunID
    /// Set when the file had been ingested completely before and was skipped.
    public var alreadyIngested = false
    /// The position an interrupted run was resumed from (0 when fresh).
    public var resumedFrom: Int64 = 0
    /// Records (DNS messages, frames) read, including those skipped when resuming.
    public var records: Int64 = 0
    /// Bytes in the file.
    public var bytes: Int64 = 0
    /// Counters of what this session wrote.
    public var counters = IngestCounters.zero
    /// New and updated sightings and answer sets.
    public var report = WriteReport()
    /// Batches committed.
    public var batches = 0
    /// Addresses of its batches that the store had no enrichment for, enriched as written.
    public var enriched = 0
    /// Wall-clock seconds.
    public var elapsed = 0.0

    /// Creates a summary of `path`.
    public init(path: String, format: String, run: RunID) {
        self.path = path
        self.format = format
        self.run = run
    }
}

/// What a whole `fluxscope ingest` did: per file, totals, enrichment.
public struct IngestSummary: Sendable {
    /// One entry per file, in order.
    public var files: [FileSummary] = []
    /// Addresses enriched: as each batch was written, then those the store held without
    /// enrichment from earlier runs.
    public var enriched = 0
    /// The enrichment databases used, e.g. `libloc`; `nil` when none.
    public var enrichmentDatabase: String?
    /// Wall-clock seconds for everything.
    public var elapsed = 0.0

    /// Creates an empty summary.
    public init() {}

    /// Counters summed over the files.
    public var counters: IngestCounters { files.reduce(.zero) { $0 + $1.counters } }

    /// Write reports summed over the files.
    public var report: WriteReport {
        files.reduce(into: WriteReport()) { $0 += $1.report }
    }

    /// The summary as printed at the end of `fluxscope ingest`.
    public var text: String {
        let c = counters, r = report
        let ingested = files.filter { !$0.alreadyIngested }.count
        let rate = elapsed > 0 ? Double(c.messages) / elapsed : 0
        var lines = ["ingested \(ingested) of \(files.count) file(s) in \(Self.seconds(elapsed))"]
        for f in files where f.alreadyIngested {
            lines.append("  \(f.path): already ingested (run \(f.run)); --force ingests it again")
        }
        for f in files where f.resumedFrom > 0 {
            lines.append("  \(f.path): resumed run \(f.run) after record \(f.resumedFrom)")
        }
        lines += [
            "  messages      \(c.messages) (\(Int(rate)) per second)",
            "  malformed     \(c.malformed)",
            "  unanswered    \(c.unansweredQueries)",
            "  observations  \(c.observations)",
            "  outcomes      \(c.outcomes)",
            "  clients       \(c.clientQueries)",
            "  sightings     \(r.sightingsInserted) new, \(r.sightingsUpdated) updated",
            "  answer sets   \(r.answerSetsInserted) new, \(r.answerSetsUpdated) updated",
            "  enriched      \(enriched) address(es)\(enrichmentDatabase.map { " (\($0))" } ?? " (no database)")",
        ]
        if r.rejected > 0 {
            lines.insert("  rejected      \(r.rejected) record(s) with a time before 1970 or over a year ahead", at: lines.count - 1)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func seconds(_ s: Double) -> String {
        let ms = Int((s * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac) s"
    }
}
