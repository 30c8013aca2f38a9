// Measures the store's write rate: distinct sightings written in batches, then the same
// keys again (the ON CONFLICT update path). Run in release:
//   swift run -c release store-bench [ROWS=1000000] [BATCH=50000] [PATH | sqlite:PATH | postgres://...]
//   swift run -c release store-bench ROWS BATCH --dump FILE
// --dump writes the insert pass's rows as the PostgreSQL `sightings` table holds them, in
// COPY text format, for `psql \copy` as the yardstick (bench/postgres.sh).
import DNSWire
import FluxModel
import Foundation
import Store

let arguments = CommandLine.arguments
let total = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let batchSize = arguments.count > 2 ? Int(arguments[2]) ?? 50_000 : 50_000
let target = arguments.count > 3 ? arguments[3] : NSTemporaryDirectory() + "store-bench-\(getpid()).sqlite"
let url: StoreURL = target.hasPrefix("postgres") || target.hasPrefix("sqlite:") || target == "--dump"
    ? (target == "--dump" ? StoreURL.default : try StoreURL(parsing: target)) : .sqlite(path: target)
if case .sqlite(let path) = url { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }

/// Observation `i`: 1000 hosts per zone, each with its own IPv4 address.
func observation(_ i: Int, source: SourceID, time: Timestamp) throws -> Observation {
    let name = try DNSName("host\(i % 1000).zone\(i / 1000).example.")
    let address = IPv4Address(UInt32(0x0A00_0000 + i))
    return Observation(name: name, type: .a, data: .a(address), ttl: UInt32(60 + i % 240), section: .answer,
                       time: time, source: source)
}

/// User plus system CPU seconds of this process so far (all threads).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Writes `total` observations in batches; returns seconds spent in `write` (wall, CPU)
/// and seconds overall (wall).
func pass(_ store: any ObservationStore, source: SourceID, run: RunID, time: Timestamp) async throws -> (Double, Double, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    var writing = Duration.zero
    var writingCPU = 0.0
    var written = 0
    var batch = SightingBatch()
    while written < total {
        batch.removeAll()
        let end = min(total, written + batchSize)
        for i in written..<end { batch.add(try observation(i, source: source, time: time)) }
        let before = clock.now
        let cpuBefore = cpuSeconds()
        try await store.write(batch, checkpoint: RunCheckpoint(run: run, position: Int64(end)))
        writing += before.duration(to: clock.now)
        writingCPU += cpuSeconds() - cpuBefore
        written = end
    }
    let overall = start.duration(to: clock.now)
    return (Double(writing.components.seconds) + Double(writing.components.attoseconds) / 1e18, writingCPU,
            Double(overall.components.seconds) + Double(overall.components.attoseconds) / 1e18)
}

/// The insert pass's rows as `sightings` columns in COPY text format (source 1).
func dump(to file: String) throws {
    _ = FileManager.default.createFile(atPath: file, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
    let time = 1_700_000_000.0
    let period = "2023-11-13"   // the Monday of `time`'s week
    var text = ""
    for i in 0..<total {
        let o = try observation(i, source: 1, time: time)
        let owner = o.name.description
        let hex = String(format: "%08x", UInt32(0x0A00_0000 + i))
        let ttl = o.ttl.map(String.init) ?? "\\N"
        text += "\(period)\t\(owner)\t\(owner)\t1\t\(o.data.presentation(type: .a))\t\\\\x\(hex)\t\\\\x\(hex)\t"
            + "2023-11-14 22:13:20+00\t2023-11-14 22:13:20+00\t1\t\(ttl)\t\(ttl)\t{1}\n"
        if text.utf8.count > 1 << 20 { handle.write(Data(text.utf8)); text = "" }
    }
    handle.write(Data(text.utf8))
    try handle.close()
}

if target == "--dump" {
    guard arguments.count > 4 else { FileHandle.standardError.write(Data("--dump needs a FILE\n".utf8)); exit(2) }
    try dump(to: arguments[4])
    exit(0)
}

let store = try await url.open()
let source = try await store.registerSource(Source(kind: .pcap, name: "bench"), clientMode: nil)
for (label, time) in [("insert", 1_700_000_000.0), ("update", 1_700_000_600.0)] {
    let run = try await store.beginRun(source: source, file: nil, clientMode: nil, at: time).run.id
    let (writing, cpu, overall) = try await pass(store, source: source, run: run, time: time)
    print("\(label): \(total) sightings in batches of \(batchSize): write \(String(format: "%.2f", writing)) s = "
        + "\(Int(Double(total) / writing)) rows/s (CPU \(String(format: "%.2f", cpu)) s = \(Int(Double(total) / cpu)) rows/CPU-s); "
        + "with batch building \(Int(Double(total) / overall)) rows/s")
}
let stats = try await store.stats()
print("rows: \(stats.sightings) sightings, \(stats.observations) observations")
try await store.close()
if case .sqlite(let path) = url {
    let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    print("database: \(path) \(size / 1_048_576) MiB")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
