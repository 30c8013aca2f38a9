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
