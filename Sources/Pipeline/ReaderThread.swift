import Foundation

/// Runs blocking input work (libpcap, file reads, a live capture loop) on a thread of its
/// own, so that the cooperative pool keeps its threads for the async writer.
enum ReaderThread {
    /// Runs `body` on a new thread and returns (or throws) what it did.
    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.stackSize = 16 << 20
            thread.start()
        }
    }
}
