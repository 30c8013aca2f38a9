import Dispatch
import Synchronization

/// Hands batches from a reading thread to the async writer, one in flight at a time: the
/// reader builds the next batch while the writer commits the previous one, and blocks (it is
/// its own thread, not a pool thread) when it is a batch ahead. Memory holds at most two
/// batches whatever the input's size.
final class BatchChannel: Sendable {
    /// The batches, in order, for the writer.
    let batches: AsyncStream<PendingBatch>
    private let continuation: AsyncStream<PendingBatch>.Continuation
    private let slots: DispatchSemaphore
    private let cancelled = Atomic<Bool>(false)

    init() {
        (batches, continuation) = AsyncStream.makeStream(of: PendingBatch.self)
        slots = DispatchSemaphore(value: 1)
    }

    /// Producer side: waits until the writer is done with the previous batch, then hands
    /// this one over. Returns false when the writer gave up. Blocks: call from a thread of
    /// its own only.
    func send(_ item: PendingBatch) -> Bool {
        slots.wait()
        if cancelled.load(ordering: .acquiring) {
            slots.signal()
            return false
        }
        continuation.yield(item)
        return true
    }

    /// Producer side: no more batches.
    func finish() { continuation.finish() }

    /// Writer side: the last batch received is committed; the producer may send the next.
    func done() { slots.signal() }

    /// Writer side: stop taking batches (a write failed); the producer's `send` returns false.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        slots.signal()
    }

    /// True once the writer gave up.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
}
