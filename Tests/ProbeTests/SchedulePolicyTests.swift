import DNSWire
import FluxModel
import NIOCore
import Testing
@testable import Probe

@Suite struct SchedulePolicyTests {
    let name = try! DNSName("flux.test")

    @Test func nextLookupWhenTheTTLRunsOut() {
        let p = SchedulePolicy(minInterval: 10, maxInterval: 600)
        let s = p.next(after: NameSchedule(name: name), ttl: 300, failed: false, now: 1000)
        #expect(s.nextDue == 1300)
        #expect(s.lastTTL == 300)
        #expect(s.lookups == 1)
        #expect(s.consecutiveFailures == 0)
    }

    @Test func ttlIsBoundedByMinAndMaxInterval() {
        let p = SchedulePolicy(minInterval: 10, maxInterval: 600)
        #expect(p.next(after: NameSchedule(name: name), ttl: 0, failed: false, now: 0).nextDue == 10)
        #expect(p.next(after: NameSchedule(name: name), ttl: 86400, failed: false, now: 0).nextDue == 600)
    }

    @Test func failuresBackOffExponentiallyAndResetOnSuccess() {
        let p = SchedulePolicy(minInterval: 5, maxInterval: 60)
        var s = NameSchedule(name: name, lastTTL: 30)
        s = p.next(after: s, ttl: nil, failed: true, now: 0)
        #expect(s.nextDue == 5 && s.consecutiveFailures == 1)
        s = p.next(after: s, ttl: nil, failed: true, now: 0)
        #expect(s.nextDue == 10 && s.consecutiveFailures == 2)
        for _ in 0..<10 { s = p.next(after: s, ttl: nil, failed: true, now: 0) }
        #expect(s.nextDue == 60)
        s = p.next(after: s, ttl: nil, failed: false, now: 100)
        #expect(s.consecutiveFailures == 0)
        #expect(s.nextDue == 130, "no TTL in a successful answer: the last TTL is used")
    }

    @Test func tokenBucketNeverAllowsMoreThanRateTimesTimePlusBurst() {
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var bucket = TokenBucket(rate: 100, now: start)
        var taken = 0
        // One simulated second in 100 µs steps.
        for step in 0...10_000 {
            let now = start + .microseconds(Int64(step * 100))
            while bucket.take(now: now) { taken += 1 }
        }
        #expect(taken <= 100 + Int(bucket.burst) + 1)
        #expect(taken >= 99)
    }

    @Test func heapPopsInKeyOrder() {
        var h = MinHeap<Double, Int>()
        for (i, k) in [5.0, 1, 4, 2, 3, 0.5].enumerated() { h.push(k, i) }
        var keys: [Double] = []
        while let (k, _) = h.pop() { keys.append(k) }
        #expect(keys == [0.5, 1, 2, 3, 4, 5])
    }

    @Test func scaledClockRunsFaster() {
        let clock = ProbeClock(scale: 60, origin: 0)
        let later = clock.start + .seconds(2)
        #expect(abs(clock.time(at: later) - 120) < 1e-6)
        #expect(clock.deadline(for: 60) == clock.start + .seconds(1))
    }

    @Test func pacedClockSlowsWhileTheProberLagsAndNeverJumps() {
        let pace = ProbePace(scale: 100, origin: 0, tolerance: 60, maxSlowdown: 4)
        let clock = ProbeClock(pace: pace)
        let t1 = clock.start + .seconds(1)
        #expect(abs(clock.time(at: t1) - 100) < 1e-6)
        // Within the tolerance: full speed.
        pace.adjust(lag: 60, at: t1)
        #expect(abs(clock.time(at: t1 + .seconds(1)) - 200) < 1e-6)
        // Twice the tolerance: half speed from t1 on, continuing from the time reached.
        pace.adjust(lag: 120, at: t1)
        #expect(abs(clock.time(at: t1) - 100) < 1e-6)
        #expect(abs(clock.time(at: t1 + .seconds(2)) - 200) < 1e-6)
        #expect(clock.deadline(for: 150) == t1 + .seconds(1))
        // Far behind: no slower than scale / maxSlowdown.
        let t3 = t1 + .seconds(2)
        pace.adjust(lag: 6_000, at: t3)
        #expect(abs(clock.time(at: t3 + .seconds(4)) - 300) < 1e-6)
        #expect(pace.slowestFactor == 4)
        // Caught up: full speed again.
        let t7 = t3 + .seconds(4)
        pace.adjust(lag: 0, at: t7)
        #expect(abs(clock.time(at: t7 + .seconds(1)) - 400) < 1e-6)
        #expect(pace.slowestFactor == 4)
    }
}
