import Pipeline
import Probe

/// The summary printed after a probe.
enum ProbeSummaryText {
    static func render(_ s: ProbeSummary) -> String {
        let c = s.counters
        var out = "probe summary\n"
        out += "  names            \(s.names) (\(s.inputIssues) input lines skipped)\n"
        if s.namesAlreadyDone > 0 {
            out += "  already done     \(s.namesAlreadyDone) names had every round in earlier runs (--rounds counts over runs)\n"
        }
        out += "  lookups          \(c.lookupsDone)\(s.stoppedByDuration ? " (stopped by --duration)" : "")\n"
        out += counterLines(c)
        return out
    }

    /// The summary of `fluxscope probe --worker`: the leases, then the prober's totals over
    /// the worker's rounds.
    static func render(worker id: String, _ s: ProbeWorker.Summary) -> String {
        let t = s.total
        var out = "probe worker summary\n"
        out += "  worker           \(id) (\(t.liveWorkers) live at the end; \(s.heartbeatFailures) heartbeats failed)\n"
        out += "  rounds           \(s.rounds)\(s.stoppedByDuration ? " (stopped by --duration)" : s.stopped ? " (stopped by a signal)" : "")\n"
        out += "  domains          \(t.leased) leased, \(t.completed) completed, \(t.rejected) rejected (lease passed on)\n"
        out += "  lookups          \(t.counters.lookupsDone)\n"
        out += counterLines(t.counters)
        return out
    }

    /// The prober's counters, one line each.
    private static func counterLines(_ c: ProbeCounters) -> String {
        var out = ""
        let rcodes = c.byRCode.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out += "  queries sent     \(c.sent) (\(c.tcpSent) over TCP)\n"
        out += "  answered         \(c.answered)\(rcodes.isEmpty ? "" : " (\(rcodes))")\n"
        out += "  timeouts         \(c.timeouts), retries \(c.retries), given up \(c.gaveUp)\n"
        out += "  truncated->TCP   \(c.truncated)\n"
        out += "  mismatches       \(c.mismatches) (rejected: wrong id, question, server, or late)\n"
        out += "  malformed        \(c.malformed), transport errors \(c.transportErrors)\n"
        out += "  observations     \(c.observations)\n"
        out += "  elapsed          \(format(c.elapsed)) s, \(Int(c.completedPerSecond.rounded())) completed queries/s\n"
        return out
    }

    private static func format(_ d: Double) -> String {
        let ms = Int((d * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }
}
