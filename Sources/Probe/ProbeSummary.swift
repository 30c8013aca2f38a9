/// What a finished probe reports: the final counters and why it stopped.
public struct ProbeSummary: Hashable, Sendable {
    /// Totals at the end.
    public var counters: ProbeCounters
    /// Names read from the input (valid ones).
    public var names: Int
    /// Input lines rejected.
    public var inputIssues: Int
    /// True when `--duration` ended the run before every round was done.
    public var stoppedByDuration: Bool
    /// Names that had done every round before this run (their `lookups`, counted over
    /// earlier runs, reached `rounds`), so were not looked up again.
    public var namesAlreadyDone = 0
    /// The most a paced clock (`ProbePace`) slowed probe time to let the prober catch up;
    /// 1 when it never did or the clock was not paced.
    public var slowdown = 1.0
}
