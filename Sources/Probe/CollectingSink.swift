import FluxModel
import Synchronization

/// A sink that keeps everything in memory: for tests and small runs.
public final class CollectingSink: ProbeSink {
    private struct State {
        var results: [ProbeResult] = []
        var schedules: [NameSchedule] = []
        var sources: [SourceID: Source] = [:]
        var issues: [InputIssue] = []
    }

    private let state = Mutex(State())

    /// Creates an empty sink.
    public init() {}

    /// Keeps the results.
    public func record(_ results: [ProbeResult]) { state.withLock { $0.results += results } }
    /// Keeps the schedule states.
    public func scheduled(_ states: [NameSchedule]) { state.withLock { $0.schedules += states } }
    /// Keeps the source table entry.
    public func source(_ id: SourceID, _ source: Source) { state.withLock { $0.sources[id] = source } }
    /// Keeps the rejected line.
    public func inputIssue(_ issue: InputIssue) { state.withLock { $0.issues.append(issue) } }

    /// Every result so far.
    public var results: [ProbeResult] { state.withLock { $0.results } }
    /// Every schedule state so far, oldest first.
    public var schedules: [NameSchedule] { state.withLock { $0.schedules } }
    /// The source table.
    public var sources: [SourceID: Source] { state.withLock { $0.sources } }
    /// Rejected input lines.
    public var issues: [InputIssue] { state.withLock { $0.issues } }
}
