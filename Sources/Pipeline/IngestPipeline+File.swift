import Glibc
import FluxModel
import Foundation
import Ingest
import Store

extension IngestPipeline {
    /// Ingests one file: run bookkeeping, a reading thread, the writer loop, the summary.
    func ingest(_ path: String, enrichment: AddressEnrichment?) async throws -> FileSummary {
        let started = ContinuousClock.now
        let format = try format(of: path)
        let identity: FileIdentity
        do { identity = try FileIdentity(contentsOf: path) } catch {
            throw IngestProblem(file: path, kind: "open", reason: error.reason)
        }
        let source = Source(kind: format.sourceKind, name: configuration.sensor ?? (path as NSString).lastPathComponent)
        let clients = configuration.options.clients
        let mode: ClientMode? = clients.keepsClients ? clients.mode : nil
        let sourceID = try await store.registerSource(source, clientMode: mode)
        let start = try await store.beginRun(source: sourceID, file: identity, clientMode: mode, at: Self.now,
                                             again: configuration.force)
        reporter.fileStarted(path, format: format.name, start: start)
        var summary = FileSummary(path: path, format: format.name, run: start.run.id)
        summary.bytes = identity.size
        if case .alreadyIngested = start {
            summary.alreadyIngested = true
            return summary
        }
        let run = start.run
        summary.resumedFrom = run.position

        let progress = ReadProgress(totalBytes: identity.size)
        let channel = BatchChannel()
        let writer = StoreBatchWriter(store: store, clientMode: mode, run: run.id, enrichment: enrichment)
        let reading = Task {
            try await Self.read(path, format: format, source: source, mode: mode, options: configuration.options,
                                policy: configuration.policy, resume: run.position, progress: progress,
                                reporter: reporter, channel: channel)
        }
        let ticker = Task { [reporter] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                reporter.progress(IngestProgress(path: path, bytes: progress.bytes, totalBytes: progress.totalBytes,
                                                 records: progress.records, elapsed: Self.seconds(since: started)))
            }
        }
        defer { ticker.cancel() }
        var writeError: (any Error)?
        for await pending in channel.batches {
            do {
                try await writer.write(pending)
                if let n = configuration.killAfterBatches, await writer.batches >= n {
                    kill(getpid(), SIGKILL)  // a crash test: die like kill -9, right after a commit
                }
            } catch {
                writeError = error
                channel.cancel()
                break
            }
            channel.done()
        }
        let readResult = await reading.result
        if let writeError { throw writeError }
        summary.records = try readResult.get()
        try await store.finishRun(run.id, at: Self.now)
        summary.counters = await writer.counters
        summary.report = await writer.report
        summary.batches = await writer.batches
        summary.enriched = await writer.enriched
        summary.elapsed = Self.seconds(since: started)
        reporter.fileFinished(summary)
        return summary
    }

    /// Reads the file on its own thread into a batching sink whose batches go to `channel`.
    /// - Returns: The number of records read.
    static func read(_ path: String, format: any InputFormat, source: Source, mode: ClientMode?, options: ReadOptions,
                     policy: BatchPolicy, resume: Int64, progress: ReadProgress, reporter: any IngestReporter,
                     channel: BatchChannel) async throws -> Int64 {
        try await ReaderThread.run(name: "fluxscope-read") {
            defer { channel.finish() }
            let sources = LocalSources()
            let local = sources.id(for: source)
            var sink = BatchingSink(
                clientMode: mode, defaultSource: local, policy: policy, resumePosition: resume, progress: progress,
                report: { reporter.problem($0) },
                deliver: { batch, position in
                    channel.send(PendingBatch(batch: batch, position: position, newSources: sources.takeNew()))
                })
            let input = InputFile(path: path, options: options, source: local, resolver: { sources.id(for: $0) },
                                  resumePosition: resume, progress: progress, isCancelled: { channel.isCancelled })
            try format.read(input, into: &sink)
            sink.flush()
            progress.records = sink.position
            if channel.isCancelled { throw CancellationError() }
            return sink.position
        }
    }
}
