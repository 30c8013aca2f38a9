import FluxModel

/// Where a prober delivers what it learns. Every method is called on the prober's event
/// loop thread, one call at a time, so an implementation should hand heavy work (a database
/// transaction, a slow terminal) to another thread rather than block.
///
/// The store plugs in here: a store sink writes observations and outcomes, and saves each
/// `NameSchedule` so that a later run resumes where this one stopped.
public protocol ProbeSink: Sendable {
    /// The results of questions finished since the last call, in completion order.
    func record(_ results: [ProbeResult])
    /// The new schedule state of names whose lookup finished since the last call.
    func scheduled(_ states: [NameSchedule])
    /// Results and the schedule states of the lookups they finished, in one call, so that a
    /// sink can keep them together (the store sink writes both in one transaction). The
    /// prober calls this; by default it calls `record` and then `scheduled`.
    func deliver(_ results: [ProbeResult], schedules: [NameSchedule])
    /// A server got a source number; called before any observation carries it.
    func source(_ id: SourceID, _ source: Source)
    /// An input line was rejected.
    func inputIssue(_ issue: InputIssue)
    /// A snapshot of the counters, about twice a second while the probe runs.
    func progress(_ counters: ProbeCounters)
    /// True while the sink holds more than it has written out (a store slower than the
    /// probe): the prober then starts no new lookup (questions in flight finish) until it is
    /// false again, so memory stays bounded by the sink's limit, not by the list.
    var isBacklogged: Bool { get }
}

extension ProbeSink {
    /// `record`, then `scheduled` (each only when it has something).
    public func deliver(_ results: [ProbeResult], schedules: [NameSchedule]) {
        if !results.isEmpty { record(results) }
        if !schedules.isEmpty { scheduled(schedules) }
    }
    /// Ignores schedule states.
    public func scheduled(_ states: [NameSchedule]) {}
    /// Ignores source numbering.
    public func source(_ id: SourceID, _ source: Source) {}
    /// Ignores input issues.
    public func inputIssue(_ issue: InputIssue) {}
    /// Ignores progress.
    public func progress(_ counters: ProbeCounters) {}
    /// Never holds the prober back.
    public var isBacklogged: Bool { false }
}
