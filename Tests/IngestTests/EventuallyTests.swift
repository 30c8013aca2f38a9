import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing

/// The polling wait the live tests use: it ends when the condition holds, gives up after its
/// budget when it never does, and does not charge a stretch in which it could not run.
@Suite struct EventuallyTests {
    @Test func endsWhenTheConditionHoldsAndGivesUpWhenItNeverDoes() async {
        var polls = 0
        #expect(await eventually(within: 5) { polls += 1; return polls == 3 })
        #expect(polls == 3)

        let start = Date()
        polls = 0
        #expect(await eventually(within: 0.3, every: .milliseconds(20)) { polls += 1; return false } == false)
        #expect(polls >= 5)  // it looked several times before giving up
        #expect(Date().timeIntervalSince(start) >= 0.3)
    }

    @Test func aStretchWithoutTheWaiterRunningCountsAsOneInterval() async {
        // The condition blocks its thread for 0.4 s once, longer than the whole budget: a
        // wall-clock deadline would give up after that poll; this wait looks again and sees it.
        var polls = 0
        let held = await eventually(within: 0.3, every: .milliseconds(20)) {
            polls += 1
            if polls == 1 { usleep(400_000) }  // holds the thread, as a starving test would
            return polls == 4
        }
        #expect(held)
        #expect(polls == 4)
    }
}
