import Foundation
import Ingest
import Store
import Synchronization

/// Reports to standard error: a progress bar (bytes, messages per second, ETA) redrawn in
/// place when stderr is a terminal and nothing otherwise, and the first problems of each
/// file as warnings (the rest are only counted).
public final class TerminalReporter: IngestReporter {
    private struct State {
        var barShown = false
        var problemsShown = 0
        var problemsHidden = 0
    }

    private let command: String
    private let showBar: Bool
    private let maxProblems: Int
    private let state = Mutex(State())

    /// Creates a reporter; `showBar` defaults to whether stderr is a terminal.
    public init(command: String = "fluxscope ingest", showBar: Bool = isatty(2) == 1, maxProblems: Int = 10) {
        self.command = command
        self.showBar = showBar
        self.maxProblems = maxProblems
    }

    public func fileStarted(_ path: String, format: String, start: RunStart) {
        switch start {
        case .alreadyIngested(let run):
            line("\(path): already ingested (run \(run.id)); skipped. Use --force to ingest it again.")
        case .resume(let run):
            line("\(path): resuming run \(run.id) after record \(run.position)")
        case .fresh:
            break
        }
    }

    public func progress(_ p: IngestProgress) {
        guard showBar else { return }
        let text = "\r\u{1B}[K" + TerminalReporter.bar(p)
        state.withLock { s in
            s.barShown = true
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    public func problem(_ problem: IngestProblem) {
        let show = state.withLock { s -> Bool in
            if s.problemsShown < maxProblems {
                s.problemsShown += 1
                return true
            }
            s.problemsHidden += 1
            return false
        }
        if show { line("warning: \(problem)") }
    }

    public func fileFinished(_ summary: FileSummary) {
        let hidden = state.withLock { s -> Int in
            defer { s.problemsShown = 0; s.problemsHidden = 0 }
            return s.problemsHidden
        }
        if hidden > 0 { line("\(summary.path): \(hidden) more problem(s) counted as malformed, not shown") }
        clearBar()
    }

    /// One progress line: `name [#####-----] 45%  60.2/134.8 MB  812k msg/s  ETA 0:12`.
    static func bar(_ p: IngestProgress) -> String {
        let name = (p.path as NSString).lastPathComponent
        let rate = p.elapsed > 0 ? Double(p.records) / p.elapsed : 0
        var parts = [name]
        if let total = p.totalBytes, total > 0 {
            let fraction = min(1, max(0, Double(p.bytes) / Double(total)))
            let filled = Int(fraction * 24)
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 24 - filled) + "]")
            parts.append("\(Int(fraction * 100))%")
            parts.append("\(megabytes(p.bytes))/\(megabytes(total)) MB")
            parts.append("\(compact(rate)) msg/s")
            if fraction > 0.001, p.elapsed > 0.5 {
                parts.append("ETA \(clock(p.elapsed / fraction - p.elapsed))")
            }
        } else {
            parts.append("\(p.records) records, \(compact(rate)) msg/s")
        }
        return parts.joined(separator: "  ")
    }

    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1_000_000)
    }

    static func compact(_ x: Double) -> String {
        x >= 1_000_000 ? String(format: "%.2fM", x / 1_000_000) : x >= 1000 ? "\(Int(x / 1000))k" : "\(Int(x))"
    }

    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        let sec = s % 60
        return "\(s / 60):\(sec < 10 ? "0" : "")\(sec)"
    }

    private func clearBar() {
        state.withLock { s in
            if s.barShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            s.barShown = false
        }
    }

    private func line(_ text: String) {
        clearBar()
        FileHandle.standardError.write(Data("\(command): \(text)\n".utf8))
    }
}
