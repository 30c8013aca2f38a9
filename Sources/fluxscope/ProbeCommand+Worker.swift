import ArgumentParser
import Pipeline
import Probe
import Store

/// `fluxscope probe --worker`: one of the workers sharing the store's watchlist.
extension ProbeCommand {
    func runWorker() async throws {
        let stop = Signals.watch()
        let url = db ?? ""
        let store = try await StoreURL(parsing: url).open()
        var options = ProbeWorker.Options(id: workerID ?? ProbeWorker.Options.defaultID())
        options.lease = try seconds(lease, "--lease")
        options.batchSize = batch
        options.duration = try duration.map { try seconds($0, "--duration") }
        let clock = ProbeClock()
        let summary: ProbeWorker.Summary
        do {
            let issues = CollectingSink()
            if let names = try givenNames(issues) {
                for issue in issues.issues { writeStderr("fluxscope probe: skipped \(issue)\n") }
                let added = try await ProbeWorker.watch(names, store: store, at: clock.now())
                writeStderr("added \(added) of \(names.count) names to the watchlist\n")
            }
            let worker = ProbeWorker(store: store, probe: try makeConfig(), clock: clock, options: options)
            let stopper = Task {
                for await _ in stop {
                    worker.stop()
                    return
                }
            }
            defer { stopper.cancel() }
            summary = try await worker.run { round in
                guard !summaryOnly else { return }
                writeStderr("worker \(options.id): leased \(round.leased), completed \(round.completed), "
                    + "rejected \(round.rejected), live workers \(round.liveWorkers), queries \(round.counters.sent)\n")
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        let text = ProbeSummaryText.render(worker: options.id, summary)
        if json || summaryOnly { writeStderr(text) } else { print(text, terminator: "") }
    }
}
