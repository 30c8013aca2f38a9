import DNSWire
import FluxModel
import Probe
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints probe results as JSON lines or a table on stdout, and a progress line on stderr
/// when stderr is a terminal. Called on the prober's loop; the lock is never contended.
final class ProbeOutput: ProbeSink {
    enum Format { case json, table, none }

    private struct State {
        var json = JSONWriter(capacity: 1 << 16)
        var text: [UInt8] = []
        var progressShown = false
    }

    private let format: Format
    private let showProgress: Bool
    private let state = Mutex(State())

    init(format: Format, progress: Bool) {
        self.format = format
        self.showProgress = progress
        if format == .table {
            state.withLock { $0.text += Array("time\tname\ttype\tsection\tttl\tdata\tserver\n".utf8) }
        }
    }

    func record(_ results: [ProbeResult]) {
        guard format != .none else { return }
        state.withLock { s in
            for r in results {
                if format == .json { ProbeOutput.writeJSON(r, to: &s.json) } else { ProbeOutput.writeTable(r, to: &s.text) }
            }
            if s.json.bytes.count > 1 << 16 || s.text.count > 1 << 16 { flush(&s) }
        }
    }

    func inputIssue(_ issue: InputIssue) {
        state.withLock { flush(&$0) }
        writeStderr("fluxscope probe: skipped \(issue)\n")
    }

    func progress(_ c: ProbeCounters) {
        guard showProgress else { return }
        let line = "\r\u{1B}[K\(Int(c.elapsed))s sent \(c.sent) answered \(c.answered) timeouts \(c.timeouts) "
            + "retries \(c.retries) tcp \(c.truncated) mismatches \(c.mismatches) in flight \(c.inFlight) "
            + "lookups \(c.lookupsDone) \(Int(c.completedPerSecond)) q/s"
        state.withLock { s in
            flush(&s)
            s.progressShown = true
        }
        writeStderr(line)
    }

    /// Writes what is buffered, and ends the progress line.
    func finish() {
        let shown = state.withLock { s in
            flush(&s)
            return s.progressShown
        }
        if shown { writeStderr("\n") }
    }

    private func flush(_ s: inout State) {
        s.json.bytes.withUnsafeBytes { writeAll(1, $0) }
        s.json.reset()
        s.text.withUnsafeBytes { writeAll(1, $0) }
        s.text.removeAll(keepingCapacity: true)
    }

    private static func writeJSON(_ r: ProbeResult, to j: inout JSONWriter) {
        for o in r.observations {
            j.beginObject()
            j.key("time"); j.number(o.time)
            j.key("name"); j.string(o.name.description)
            j.key("type"); j.string(o.type.description)
            j.key("ttl"); j.number(o.ttl ?? 0)
            j.key("section"); j.string(o.section.description)
            j.key("data"); j.string(o.data.presentation(type: o.type))
            common(r, to: &j)
            j.endObject()
            j.newline()
        }
        if r.recordCount == 0 || r.outcome != nil {
            j.beginObject()
            j.key("time"); j.number(r.time)
            j.key("name"); j.string((r.outcome?.name ?? r.question.name).description)
            j.key("type"); j.string(r.question.type.description)
            j.key("status"); j.string(r.status == .answered(.noError) ? "NODATA" : r.status.description)
            if let rtt = r.rtt { j.key("rtt"); j.number(rtt) }
            j.key("attempts"); j.number(r.attempts)
            common(r, to: &j)
            j.endObject()
            j.newline()
        }
    }

    private static func common(_ r: ProbeResult, to j: inout JSONWriter) {
        j.key("server"); j.string(r.server.description)
        j.key("probed"); j.string(r.probedName.description)
        j.key("purpose"); j.string(r.purpose.rawValue)
        j.key("transport"); j.string(r.transport.rawValue)
        j.key("aa"); j.bool(r.authoritative)
    }

    private static func writeTable(_ r: ProbeResult, to out: inout [UInt8]) {
        let time = String(Int(r.time))
        for o in r.observations {
            out += Array("\(time)\t\(o.name)\t\(o.type)\t\(o.section)\t\(o.ttl ?? 0)\t\(o.data.presentation(type: o.type))\t\(r.server)\n".utf8)
        }
        if r.recordCount == 0 || r.outcome != nil {
            let status = r.status == .answered(.noError) ? "NODATA" : r.status.description
            out += Array("\(time)\t\(r.question.name)\t\(r.question.type)\t-\t-\t\(status)\t\(r.server)\n".utf8)
        }
    }
}

/// Writes text to stderr unbuffered.
func writeStderr(_ text: String) {
    var t = text
    t.withUTF8 { writeAll(2, UnsafeRawBufferPointer($0)) }
}

/// Writes all of `bytes` to a file descriptor, retrying short writes and EINTR.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) {
    var done = 0
    while done < bytes.count {
        let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
        if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return }
    }
}
