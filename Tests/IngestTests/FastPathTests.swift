import DNSWire
import FluxModel
import Ingest
import PacketCapture
import Testing

/// The ingest fast path (`WireObservations`, wire-keyed batches) against the full path
/// (`Message.parsePartial` + `MessageObservations`) on every capture under
/// ../shared/data/captures, and on damaged copies of their messages: both must make the same
/// sink calls in the same order, and deduplicate into the same batch.
@Suite(.serialized) struct FastPathTests {
    /// What one path made of a run of messages: the calls a `CollectingSink` saw, and the
    /// batch a `BatchingSink` built, both printed (names in their original case).
    struct PathResult: Equatable {
        var calls: [String] = []
        var batch: [String] = []
        var observations = 0
    }

    /// Feeds `messages` through a capture handler on one path, into both sinks.
    static func run(_ messages: [CapturedMessage], fast: Bool, clients: ClientPrivacy) throws -> PathResult {
        var options = ReadOptions()
        options.clients = clients
        var collecting = CollectingSink()
        var batching = BatchingSink(clientMode: clients.keepsClients ? clients.mode : nil, defaultSource: 1,
                                    policy: BatchPolicy(maxDistinct: .max, maxAge: nil, memoryLimit: nil))
        var first = CaptureMessageHandler(source: 1, file: "f", options: options, fastPath: fast)
        var second = CaptureMessageHandler(source: 1, file: "f", options: options, fastPath: fast)
        for m in messages {
            try first.take(m, into: &collecting)
            try second.take(m, into: &batching)
        }
        first.finish(into: &collecting)
        second.finish(into: &batching)
        var out = PathResult()
        out.observations = collecting.observations.count
        out.calls = collecting.observations.map { "\($0.name) \($0.type) \($0.data) \(String(describing: $0.ttl)) \($0.section) \($0.time)" }
            + collecting.outcomes.map { "outcome \($0.name) \($0.type) \($0.rcode) \($0.time)" }
            + collecting.answerSets.map { "set \($0.name) \($0.type) \($0.addresses) \($0.time)" }
            + collecting.clients.map { "client \($0.client) \($0.name) \($0.time)" }
            + collecting.problems.map { "problem \($0)" }
            + ["records \(collecting.records)", "counters \(collecting.counters.sorted { $0.key.rawValue < $1.key.rawValue })"]
        out.batch = describe(batching.batch)
            + ["records \(batching.position)", "responses \(batching.responses)"]
        return out
    }

    /// A batch printed: sightings, outcomes and answer sets in the order first added (names in
    /// their original case), client tallies sorted, the counters by source.
    static func describe(_ b: SightingBatch) -> [String] {
        b.sightings.map {
            "\($0.key.name) \($0.key.type) \($0.key.data) \($0.firstSeen) \($0.lastSeen) \($0.count) "
                + "\(String(describing: $0.minTTL)) \(String(describing: $0.maxTTL)) \($0.sources.sorted())"
        }
            + b.outcomes.map { "outcome \($0.key.name) \($0.key.type) \($0.key.rcode) \($0.firstSeen) \($0.lastSeen) \($0.count)" }
            + b.answerSets.map { "set \($0.key.name) \($0.key.type) \($0.key.addresses) \($0.firstSeen) \($0.lastSeen) \($0.count)" }
            + b.clientQueries.values.map { "client \($0.key.client) \($0.key.name) \($0.count)" }.sorted()
            + ["counters \(b.counters.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })", "observer clock \(String(describing: b.observerClock))"]
    }

    /// The messages of a capture, with their payloads copied out of libpcap's buffer.
    static func messages(of path: String, payloads: inout [[UInt8]]) throws -> [CapturedMessage] {
        var found: [CapturedMessage] = []
        try CaptureFileReader(path: path, options: CaptureOptions(dnsPorts: [53, 5353, 5355])).forEachMessage { m in
            payloads.append(Array(m.payload))
            found.append(m)
        }
        return found
    }

    @Test(arguments: [ClientPrivacy.off, .keep])
    func bothPathsAgreeOnEveryCapture(clients: ClientPrivacy) throws {
        let files = CaptureIngestTests.captureFiles()
        try #require(files.count >= 100, "expected the shared captures in \(CaptureIngestTests.captures)")
        var observations = 0
        for file in files {
            var payloads: [[UInt8]] = []
            var messages = try Self.messages(of: file, payloads: &payloads)
            try withPayloads(&messages, payloads) { messages in
                let fast = try Self.run(messages, fast: true, clients: clients)
                let full = try Self.run(messages, fast: false, clients: clients)
                #expect(fast == full, "\(file)")
                observations += full.observations
            }
        }
        #expect(observations > 1000)  // the captures hold answers: the comparison is not of empty lists
    }

    /// Reading a file the way ingest does (the decoding thread scans each message and
    /// matches queries, `forEachScannedMessage` with `QueryMatcher.take`, and this thread
    /// emits with `take(_:scan:into:)`) makes the same sink calls as handling each message
    /// whole (`take(_:into:)`), on every capture: records, answer sets, outcomes, clients,
    /// problems and counters (unanswered queries among them).
    @Test func scanningOnTheDecodingThreadMakesTheSameCalls() throws {
        let files = CaptureIngestTests.captureFiles()
        try #require(files.count >= 100, "expected the shared captures in \(CaptureIngestTests.captures)")
        var options = ReadOptions()
        options.clients = .keep
        let captureOptions = CaptureOptions(dnsPorts: [53, 5353, 5355])
        var observations = 0, unanswered = 0
        for file in files {
            guard let direct = try? CaptureFileReader(path: file, options: captureOptions) else { continue }
            var whole = CollectingSink()
            var handler = CaptureMessageHandler(source: 1, file: "f", options: options)
            try direct.forEachMessage { try handler.take($0, into: &whole) }
            handler.finish(into: &whole)

            var split = CollectingSink()
            var emitter = CaptureMessageHandler(source: 1, file: "f", options: options)
            let matching = MatcherBox()
            try CaptureFileReader(path: file, options: captureOptions).forEachScannedMessage(
                chunks: 2, chunkBytes: 1 << 16,
                note: { m, layout in matching.matcher.take(m, layout: layout, scanned: true) }
            ) { m, scan, _ in try emitter.take(m, scan: scan, into: &split) }
            let left = matching.matcher.drain()
            if left > 0 { split.count(.unansweredQueries, left) }

            #expect(Self.describe(split) == Self.describe(whole), "\(file)")
            observations += whole.observations.count
            unanswered += whole.counters[.unansweredQueries] ?? 0
        }
        #expect(observations > 1000)
        #expect(unanswered > 0)  // the matcher's counts are compared too
    }

    /// A collecting sink's calls, printed.
    static func describe(_ c: CollectingSink) -> [String] {
        c.observations.map { "\($0.name) \($0.type) \($0.data) \(String(describing: $0.ttl)) \($0.section) \($0.time)" }
            + c.outcomes.map { "outcome \($0.name) \($0.type) \($0.rcode) \($0.time)" }
            + c.answerSets.map { "set \($0.name) \($0.type) \($0.addresses) \($0.time)" }
            + c.clients.map { "client \($0.client) \($0.name) \($0.time)" }
            + c.problems.map { "problem \($0)" }
            + ["records \(c.records)", "counters \(c.counters.sorted { $0.key.rawValue < $1.key.rawValue })"]
    }

    /// Damaged copies of real messages (one octet overwritten at each of several places, cut
    /// short): odd but often still well-formed shapes (case, compression, types, counts)
    /// that the fast path must handle exactly as the full one, and malformed ones that it
    /// must leave to the full path.
    /// Three damaged copies of each payload longer than 12 octets, with the index of the
    /// payload each came from: an octet overwritten, letter case flipped (and other bits
    /// elsewhere), a compression pointer planted where it may not belong, and with `cut` the
    /// message cut short. Places and values are spread deterministically, so a failure is
    /// reproducible. The octets before `from` stay as they were (12: the header stays a
    /// response's).
    static func damagedCopies(of payloads: [[UInt8]], from: Int = 0, cut: Bool = true) -> [(index: Int, copy: [UInt8])] {
        var copies: [(index: Int, copy: [UInt8])] = []
        for (i, payload) in payloads.enumerated() where payload.count > 12 {
            for k in 0..<3 {
                var copy = payload
                let at = from + (i &* 7919 &+ k &* 104_729) % (copy.count - from)
                switch (i + k) % (cut ? 4 : 3) {
                case 0: copy[at] = UInt8(truncatingIfNeeded: i &* 31 &+ k &* 17)
                case 1: copy[at] ^= 0x20
                case 2 where cut: copy.removeLast(copy.count - max(12, at))
                default: copy[at] = 0xC0
                }
                copies.append((i, copy))
            }
        }
        return copies
    }

    @Test func bothPathsAgreeOnDamagedMessages() throws {
        let files = CaptureIngestTests.captureFiles()
        var compared = 0
        for file in files {
            var payloads: [[UInt8]] = []
            let originals = try Self.messages(of: file, payloads: &payloads)
            let copies = Self.damagedCopies(of: payloads)
            var damaged = copies.map { originals[$0.index] }
            let damagedPayloads = copies.map(\.copy)
            try withPayloads(&damaged, damagedPayloads) { messages in
                let fast = try Self.run(messages, fast: true, clients: .keep)
                let full = try Self.run(messages, fast: false, clients: .keep)
                #expect(fast == full, "\(file)")
                compared += messages.count
            }
        }
        #expect(compared > 1000)
    }

    /// Points each message at its payload while `body` runs.
    func withPayloads(_ messages: inout [CapturedMessage], _ payloads: [[UInt8]],
                      _ body: ([CapturedMessage]) throws -> Void) throws {
        let buffers = payloads.map { p -> UnsafeMutableRawBufferPointer in
            let b = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, p.count), alignment: 1)
            b.copyBytes(from: p)
            return UnsafeMutableRawBufferPointer(rebasing: b[0..<p.count])
        }
        defer { for b in buffers { b.deallocate() } }
        for i in messages.indices { messages[i].payload = UnsafeRawBufferPointer(buffers[i]) }
        try body(messages)
    }
}

/// The decoding thread's matcher in `scanningOnTheDecodingThreadMakesTheSameCalls` (used
/// there alone until the read returns).
private final class MatcherBox: @unchecked Sendable {
    var matcher = QueryMatcher()
}
