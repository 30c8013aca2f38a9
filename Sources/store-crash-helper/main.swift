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

// Batches are built up front, so that almost all of the loop's time is spent writing: a kill
// then lands inside `write` (or its transaction) most of the time. They cycle: the first
// round inserts, later rounds update the same keys.
let rounds = 4
var batches: [SightingBatch] = []
for r in 0..<rounds {
    var batch = SightingBatch(clientMode: .hash)
    for j in 0..<batchSize {
        let i = r * batchSize + j
        let name = try DNSName("h\(i % 997).z\(i / 997).crash.example.")
        batch.add(Observation(name: name, type: .a, data: .a(IPv4Address(UInt32(i))), ttl: UInt32(j % 300),
                              section: .answer, time: 1_700_000_000 + Double(i), source: source))
        batch.add(ClientQuery(client: "c\(j % 50)", name: name, time: 1_700_000_000 + Double(i), source: source))
    }
    batch.tally(IngestCounters(messages: Int64(batchSize)), for: source)
    batches.append(batch)
}

var position: Int64 = 0
var committed = 0
while true {
    position += Int64(batchSize)
    try await store.write(batches[committed % rounds], checkpoint: RunCheckpoint(run: run, position: position))
    committed += 1
    // Unbuffered, so the parent sees each line as soon as the commit returned.
    FileHandle.standardOutput.write(Data("committed \(committed) \(position)\n".utf8))
}
