import ArgumentParser
import Enrichment
import Foundation
import Ingest
import Pipeline
import Store

/// `fluxscope ingest FILE...`: files -> observations -> sightings in the store.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read capture and log files into the store as deduplicated sightings.",
        discussion: """
            Formats: \(InputFormatRegistry.standard.names.joined(separator: ", ")); detected from the content \
            unless --format is given. A file already ingested completely is skipped (--force ingests it \
            again as a new run); an interrupted ingest resumes after its last committed batch. New \
            addresses are enriched as each batch is written (libloc when installed, or --asn-db). A progress bar shows \
            on a terminal; a summary is printed at the end. Client addresses are not kept unless \
            --clients says how (keep, hash, truncate).
            """)

    @Argument(help: "Files to ingest.")
    var files: [String]

    @Option(help: "The input format (default: detected from the content).")
    var format: String?

    @Option(help: "The store: sqlite:PATH or postgres://USER@HOST:PORT/DB")
    var db = StoreURL.default.description

    @Option(name: .customLong("asn-db"), help: "An enrichment database (libloc, .mmdb, pfx2as, pyasn, iptoasn); repeatable.")
    var asnDB: [String] = []

    @Option(name: .customLong("port"), help: "Also treat this port as DNS in captures (repeatable; 53 always is).")
    var ports: [UInt16] = []

    @Option(help: "How client addresses are kept: off, keep, hash, truncate (/24, /48).")
    var clients = "off"

    @Option(name: .customLong("client-key-file"), help: "The key for --clients hash; created (mode 0600) if missing.")
    var clientKeyFile: String?

    @Option(help: "The source name for the files (default: each file's name).")
    var sensor: String?

    @Option(name: .customLong("snapshot-time"),
            help: "For files that carry no time (zone files, dig transcripts without a date): when the snapshot was taken (Unix seconds, or a duration ago such as 1d).")
    var snapshotTime: String?

    @Flag(help: "Ingest files again even if they were ingested before.")
    var force = false

    @Flag(help: "Stop at the first malformed message or line.")
    var strict = false

    @Option(name: .customLong("batch-size"), help: .hidden)
    var batchSize = 100_000

    @Option(name: .customLong("kill-after-batches"), help: .hidden)
    var killAfterBatches: Int?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE") }
        if let format, InputFormatRegistry.standard.format(named: format) == nil {
            throw ValidationError("--format \(format): not one of \(InputFormatRegistry.standard.names.joined(separator: ", "))")
        }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let snapshotTime { _ = try TimeArgument.parse(snapshotTime) }
        _ = try StoreURL(parsing: db)
    }

    func run() async throws {
        var config = IngestConfiguration()
        config.format = format
        config.force = force
        config.sensor = sensor
        config.options.strict = strict
        config.options.ports = Set(ports + [53])
        config.options.snapshotTime = try snapshotTime.map(TimeArgument.parse)
        config.policy.maxDistinct = batchSize
        config.killAfterBatches = killAfterBatches
        do {
            config.options.clients = try ClientPrivacy.parse(mode: clients, keyFile: clientKeyFile)
            config.enricher = try Enricher.open(paths: asnDB)
            let store = try await StoreURL(parsing: db).open()
            let summary = try await IngestPipeline(store: store, configuration: config, reporter: TerminalReporter()).run(files: files)
            try await store.close()
            print(summary.text, terminator: "")
        } catch {
            FileHandle.standardError.write(Data("fluxscope ingest: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
