import Dispatch
import Foundation
import Synchronization

/// Waiting for termination signals in async code.
public enum Signals {
    /// Ignores `signals`' default action from now on and returns a stream that yields each
    /// time one arrives. Call early, before work that a signal should stop cleanly.
    public static func watch(_ signals: [Int32] = [SIGINT, SIGTERM]) -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        let held = Held(sources)
        continuation.onTermination = { _ in held.cancel() }
        return stream
    }

    /// Keeps the dispatch sources alive as long as the stream, and cancels them with it.
    private final class Held: Sendable {
        private let sources: Mutex<[any DispatchSourceSignal]>
        init(_ sources: sending [any DispatchSourceSignal]) { self.sources = Mutex(sources) }
        func cancel() { sources.withLock { $0.forEach { $0.cancel() }; $0.removeAll() } }
    }
}
