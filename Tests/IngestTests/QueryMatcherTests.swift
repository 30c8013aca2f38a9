import DNSWire
import Ingest
import Testing

/// `QueryMatcher` (wire keys, open addressing, compaction) against a plain model of its
/// rules: a dictionary from key to first time plus the arrival list, as the matcher was
/// written before it took keys as octets.
@Suite struct QueryMatcherTests {
    /// The rules, kept simple: waiting queries by key, arrivals in order.
    struct Model {
        let window: Double
        let capacity: Int
        var waiting: [[UInt8]: Double] = [:]
        var order: [(key: [UInt8], time: Double)] = []
        var head = 0

        mutating func asked(_ key: [UInt8], at time: Double) {
            if waiting[key] != nil { return }
            waiting[key] = time
            order.append((key, time))
        }

        mutating func answered(_ key: [UInt8]) { waiting[key] = nil }

        mutating func expire(now: Double) -> Int {
            var given = 0
            while head < order.count {
                let (key, time) = order[head]
                guard time < now - window || waiting.count > capacity else { break }
                if waiting[key] == time {
                    waiting[key] = nil
                    given += 1
                }
                head += 1
            }
            return given
        }
    }

    static func key(client: UInt32, id: UInt16, name: String) throws -> [UInt8] {
        var key: [UInt8] = []
        QueryMatcher.appendKey(client: .v4(IPv4Address(client)), clientPort: 40000, server: .v4(IPv4Address(0xC633_6435)),
                               serverPort: 53, id: id, type: .a, to: &key)
        QueryMatcher.appendName(try DNSName(name), to: &key)
        return key
    }

    @Test(arguments: [(10.0, 1 << 18), (2.0, 50), (0.5, 7)])
    func agreesWithTheModelOnRandomTraffic(window: Double, capacity: Int) throws {
        var rng = SystemRandomNumberGenerator()
        var matcher = QueryMatcher(window: window, capacity: capacity)
        var model = Model(window: window, capacity: capacity)
        // A small key space, so that repeats, answers and re-asks are frequent.
        var keys: [[UInt8]] = []
        for i in 0..<300 {
            keys.append(try Self.key(client: UInt32(0xC000_0200 + i % 5), id: UInt16(i % 17),
                                     name: i % 2 == 0 ? "H\(i % 23).Flux.TEST." : "h\(i % 23).flux.test."))
        }
        var time = 1_700_000_000.0
        var given = (matcher: 0, model: 0)
        for step in 0..<60_000 {
            // Capture time mostly moves on, sometimes jumps back (concatenated files).
            time += Double.random(in: 0..<0.05, using: &rng)
            if step % 9_000 == 8_999 { time -= 30 }
            let key = keys[Int.random(in: 0..<keys.count, using: &rng)]
            if Bool.random(using: &rng) {
                key.withUnsafeBytes { matcher.asked($0, at: time) }
                model.asked(key, at: time)
            } else {
                key.withUnsafeBytes { matcher.answered($0) }
                model.answered(key)
            }
            given.matcher += matcher.expire(now: time)
            given.model += model.expire(now: time)
            #expect(matcher.waitingCount == model.waiting.count)
            if matcher.waitingCount != model.waiting.count { return }
        }
        #expect(given.matcher == given.model)
        #expect(given.model > 0)
        #expect(matcher.drain() == model.waiting.count)
        #expect(matcher.waitingCount == 0)
    }

    @Test func caseOfTheNameDoesNotMatterButEveryOtherFieldDoes() throws {
        var matcher = QueryMatcher()
        let asked = try Self.key(client: 0xC000_0237, id: 7, name: "WWW.Example.COM.")
        asked.withUnsafeBytes { matcher.asked($0, at: 0) }
        for other in [try Self.key(client: 0xC000_0238, id: 7, name: "www.example.com."),
                      try Self.key(client: 0xC000_0237, id: 8, name: "www.example.com."),
                      try Self.key(client: 0xC000_0237, id: 7, name: "www.example.org.")] {
            other.withUnsafeBytes { matcher.answered($0) }
        }
        #expect(matcher.waitingCount == 1)
        try Self.key(client: 0xC000_0237, id: 7, name: "www.example.com.").withUnsafeBytes { matcher.answered($0) }
        #expect(matcher.waitingCount == 0)
    }

    /// Answered queries do not pile up when capture time stands still or runs backwards (a
    /// file concatenated to itself): nothing expires, yet the arrival list stays bounded.
    @Test func answeredQueriesDoNotPileUpWhenTimeRunsBackwards() throws {
        var matcher = QueryMatcher()
        let stuck = try Self.key(client: 1, id: 1, name: "never.answered.")
        stuck.withUnsafeBytes { matcher.asked($0, at: 100) }
        var most = 0
        for i in 0..<200_000 {
            let key = try Self.key(client: UInt32(i), id: UInt16(truncatingIfNeeded: i), name: "n\(i % 1000).test.")
            key.withUnsafeBytes { matcher.asked($0, at: 50) }
            key.withUnsafeBytes { matcher.answered($0) }
            _ = matcher.expire(now: 50)
            most = max(most, matcher.heldCount)
        }
        #expect(matcher.waitingCount == 1)
        #expect(most <= 4096 + 4 + 1)
        #expect(matcher.expire(now: 111) == 1)
    }
}
