import FluxModel
import Probe

/// Several probe sinks fed the same calls, in order: the terminal output and the store.
public struct ProbeSinks: ProbeSink {
    /// The sinks.
    public let sinks: [any ProbeSink]

    /// Combines `sinks`.
    public init(_ sinks: [any ProbeSink]) {
        self.sinks = sinks
    }

    public func record(_ results: [ProbeResult]) { sinks.forEach { $0.record(results) } }
    public func scheduled(_ states: [NameSchedule]) { sinks.forEach { $0.scheduled(states) } }
    public func deliver(_ results: [ProbeResult], schedules: [NameSchedule]) {
        sinks.forEach { $0.deliver(results, schedules: schedules) }
    }
    public func source(_ id: SourceID, _ source: Source) { sinks.forEach { $0.source(id, source) } }
    public func inputIssue(_ issue: InputIssue) { sinks.forEach { $0.inputIssue(issue) } }
    public func progress(_ counters: ProbeCounters) { sinks.forEach { $0.progress(counters) } }
    public var isBacklogged: Bool { sinks.contains { $0.isBacklogged } }
}
