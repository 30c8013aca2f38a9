// Writes batches to a store forever, printing `committed BATCHES POSITION` after each commit.
// StoreTests start it, kill it with SIGKILL mid-write, and check the database.
//   store-crash-helper PATH [BATCH=20000]
import DNSWire
import FluxModel
import Foundation
import Store

let arguments = CommandLine.arguments
guard arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: store-crash-helper PATH [BATCH]\n".utf8))
    exit(2)
}
let batchSize = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
let store = try await StoreURL.sqlite(path: arguments[1]).open()
let source = try await store.registerSource(Source(kind: .pcap, name: "crash-helper"), clientMode: .hash)
let run = try await store.beginRun(source: source, file: nil, clientMode: .hash, at: 1_700_000_000).run.id
var position: Int64 = 0
var batches = 0
while true {
    var batch = SightingBatch(clientMode: .hash)
    for j in 0..<batchSize {
        // Half the keys repeat across batches (updates), half are new (inserts).
        let i = j.isMultiple(of: 2) ? j : Int(position) + j
        let name = try DNSName("h\(i % 997).z\(i / 997).crash.example.")
        batch.add(Observation(name: name, type: .a, data: .a(IPv4Address(UInt32(i))), ttl: UInt32(j % 300),
                              section: .answer, time: 1_700_000_000 + Double(position), source: source))
        position += 1
    }
    batch.tally(IngestCounters(messages: Int64(batchSize)), for: source)
    try await store.write(batch, checkpoint: RunCheckpoint(run: run, position: position))
    batches += 1
    // Unbuffered, so the parent sees each line as soon as the commit returned.
    FileHandle.standardOutput.write(Data("committed \(batches) \(position)\n".utf8))
}
