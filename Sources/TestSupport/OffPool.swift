import Foundation

/// Runs blocking or long CPU-bound work (child processes, blocking sockets, model training)
/// on a thread of its own, so that it never holds one of the few threads of Swift's
/// cooperative pool: on a 2-core machine a test that holds a pool thread for minutes
/// starves every other test's `await` (a dnstap server test once waited 60 s in CI for an
/// event its server had long sent).
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Polls `done` every `interval` until it holds, for at most `seconds` of the waiter's own
/// running time, and says whether it held. A stretch in which the waiting task could not run
/// (all of the pool's threads held by other tests: on a 2-core CI machine two tests building a
/// large fixture hold both for tens of seconds) counts as at most two intervals (the sleep
/// and one more), not as its wall-clock length: the task that would make `done` hold was
/// starved just as long. So a wait
/// times out only after the waiter has looked `seconds / interval` times and found nothing.
/// It runs `done` on the caller's executor (an actor's own state may be read in it).
nonisolated(nonsending) public func eventually(within seconds: Double, every interval: Duration = .milliseconds(50),
                       _ done: () async throws -> Bool) async rethrows -> Bool {
    let step = Double(interval.components.seconds) + Double(interval.components.attoseconds) * 1e-18
    var charged = 0.0
    var last = Date()
    while charged < seconds {
        if try await done() { return true }
        try? await Task.sleep(for: interval)
        let now = Date()
        charged += min(now.timeIntervalSince(last), 2 * step)
        last = now
    }
    return try await done()
}
