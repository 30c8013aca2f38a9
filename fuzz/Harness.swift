import DNSWire
import FluxModel
import Ingest

// Shared by the format fuzz targets (compiled into each): reads the input with one reader
// and checks what must hold whatever the input.

enum FuzzHarness {
    static func run(_ format: TextFormat, _ input: UnsafeBufferPointer<UInt8>) {
        var options = ReadOptions()
        options.maxLineLength = 2048
        options.snapshotTime = 1_700_000_000
        options.clients = .hash(key: [1, 2, 3])
        var sink = CollectingSink()
        let bytes = Array(input)
        let summary: ReadSummary
        do {
            summary = try format.reader.read(bytes: bytes, name: "fuzz", options: options, sources: { _ in 1 }, into: &sink)
        } catch is ReadError {
            return
        } catch {
            fatalError("unexpected error type: \(error)")
        }
        // Nothing vanishes: every problem reported was counted, and has a place.
        precondition(summary.problems == sink.problems.count, "problems counted \(summary.problems), reported \(sink.problems.count)")
        for p in sink.problems { precondition(p.line.map { $0 >= 1 && $0 <= max(summary.lines, 1) } ?? true, "bad line in \(p)") }
        for o in sink.observations {
            precondition(o.weight >= 1)
            // What was read must print and read back to the same data.
            if RData.hasPresentationParser(for: o.type) {
                let text = o.data.presentation(type: o.type)
                guard let back = try? RData(presentation: text, type: o.type) else { fatalError("cannot re-read \(o.type) '\(text)'") }
                precondition(back == o.data, "round trip changed \(o.type) '\(text)'")
            }
        }
        _ = TextFormat.detect(prefix: Array(bytes.prefix(TextFormat.sniffLength)))
    }
}
