import Foundation

/// Runs blocking work (child processes, blocking sockets, sleeps) on a thread of its own, so
/// that it never holds one of the few threads of Swift's cooperative pool: on a 2-core
/// machine two blocked pool threads stall every other test's `await`.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

extension HTTPProbe {
    /// `request` off the cooperative pool.
    static func fetch(_ method: String, _ path: String, port: Int, headers: [String: String] = [:], body: String = "") async -> Reply? {
        (try? await offPool { request(method, path, port: port, headers: headers, body: body) }) ?? nil
    }
}
