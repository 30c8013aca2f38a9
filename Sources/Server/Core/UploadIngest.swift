import FluxModel
import Foundation
import Ingest
import Pipeline
import Store
import Synchronization

/// What an upload added.
public struct UploadReport: Sendable, Hashable {
    /// The format the upload was read as.
    public var format: String
    /// Records read: DNS messages, dnstap frames, log lines' records.
    public var messages: Int
    /// Observations produced.
    public var observations: Int
    /// Distinct records written (sightings inserted or updated).
    public var sightings: Int
    /// Malformed messages or records (counted and skipped).
    public var malformed: Int
    /// True when the same file had been ingested completely before (nothing was added).
    public var alreadyIngested: Bool
    /// The first problems, for the person who uploaded.
    public var problems: [String]
}

/// Reads an uploaded file into the store with the same pipeline and format registry as
/// `fluxscope ingest` (every format it takes; runs, batches and resume alike), through a
/// temporary file that is removed afterwards. The upload's size is capped by the server.
struct UploadIngest {
    let store: any ObservationStore

    /// The formats an upload may be in: `fluxscope ingest`'s.
    static var registry: InputFormatRegistry { .standard }

    /// The format `bytes` looks like, or `nil`.
    static func sniff(_ bytes: [UInt8]) -> String? {
        registry.detect(prefix: Array(bytes.prefix(InputFormatRegistry.sniffLength)))?.name
    }

    /// Ingests `bytes` as `format`; `snapshotTime` dates records of files that carry no time
    /// (zone files, dig transcripts without a date).
    func ingest(_ bytes: [UInt8], format: String, name: String, snapshotTime: Timestamp) async throws -> UploadReport {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fluxscope-upload-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        // A fixed modification time: the file's identity is then its size and content, so the
        // same upload sent again is recognised as already ingested instead of counted twice.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: url.path)
        var configuration = IngestConfiguration()
        configuration.format = format
        configuration.sensor = "upload:\(name)"
        configuration.options.snapshotTime = snapshotTime
        let problems = ProblemCollector()
        let summary: IngestSummary
        do {
            summary = try await IngestPipeline(store: store, configuration: configuration, reporter: problems).run(files: [url.path])
        } catch let problem as IngestProblem {
            throw APIError.badRequest("the upload is not readable as \(format): \(problem.reason)", code: "bad_upload")
        } catch let error as StoreError {
            throw error  // the server's fault: a 500, logged
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // A reader's own error (a capture or text file it cannot read): the upload's fault.
            throw APIError.badRequest("the upload is not readable as \(format): \(String(describing: error).replacingOccurrences(of: url.path, with: name))",
                                      code: "bad_upload")
        }
        let c = summary.counters, r = summary.report
        return UploadReport(format: format, messages: Int(c.messages), observations: Int(c.observations),
                            sightings: r.sightingsInserted + r.sightingsUpdated, malformed: Int(c.malformed),
                            alreadyIngested: summary.files.contains { $0.alreadyIngested },
                            problems: problems.first.withLock { $0 }.map { $0.description.replacingOccurrences(of: url.path, with: name) })
    }
}

/// Keeps the first ten problems an ingest reports (called from the reading thread).
final class ProblemCollector: IngestReporter {
    let first = Mutex<[IngestProblem]>([])

    func fileStarted(_ path: String, format: String, start: RunStart) {}
    func progress(_ progress: IngestProgress) {}
    func problem(_ problem: IngestProblem) { first.withLock { if $0.count < 10 { $0.append(problem) } } }
    func fileFinished(_ summary: FileSummary) {}
}
