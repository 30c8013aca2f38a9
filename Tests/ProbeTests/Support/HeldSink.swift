import FluxModel
import Synchronization
@testable import Probe

/// A collecting sink that holds the prober back (`isBacklogged`, as a slow store does) from
/// the first finished lookup until `release()`: a test can change the world between rounds
/// however long that takes on a loaded machine, with no race against the next round's timer.
final class HeldSink: ProbeSink {
    let collected = CollectingSink()
    private let released = Mutex(false)

    func record(_ results: [ProbeResult]) { collected.record(results) }
    func scheduled(_ states: [NameSchedule]) { collected.scheduled(states) }
    func source(_ id: SourceID, _ source: Source) { collected.source(id, source) }
    func inputIssue(_ issue: InputIssue) { collected.inputIssue(issue) }
    var isBacklogged: Bool { !collected.schedules.isEmpty && !released.withLock { $0 } }

    /// Lets the prober go on.
    func release() { released.withLock { $0 = true } }
}
