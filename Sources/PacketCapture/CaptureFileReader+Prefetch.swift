import DNSWire
import Foundation
import Synchronization

extension CaptureFileReader {
    /// Streams the whole file as ``forEachMessage(_:)`` does (the same messages in the same
    /// order, the same stats), with libpcap's reads and the frame decoding on a thread of
    /// their own: that thread copies each message into one of a few fixed chunks and hands
    /// full chunks over, and `body` runs on the calling thread. On two cores the reading and
    /// decoding of the file overlap with what `body` does with the messages.
    ///
    /// Memory is bounded by the chunks (`chunks` of `chunkBytes` octets; a message is at most
    /// 65,535 octets) whatever the file's size. `body` also gets the file position reached
    /// when its message's chunk was filled (for progress bars: ``filePosition`` must not be
    /// read from the calling thread meanwhile). If `body` throws, the decoding thread is
    /// stopped and waited for before the error is rethrown.
    public func forEachMessagePrefetched(chunks: Int = 4, chunkBytes: Int = 1 << 20,
                                         _ body: (CapturedMessage, _ filePosition: Int64) throws -> Void) throws {
        let relay = MessageRelay(chunks: max(2, chunks), chunkBytes: max(1 << 16, chunkBytes))
        let reader = UncheckedBox(self)
        let thread = Thread {
            var chunk = relay.takeFree()
            var failure: (any Error)?
            do {
                try reader.value.forEachMessage { m in
                    guard let current = chunk else { throw CancellationError() }
                    if !current.fits(m.payload.count) {
                        current.filePosition = reader.value.filePosition
                        relay.send(current)
                        chunk = relay.takeFree()
                        guard let next = chunk else { throw CancellationError() }
                        next.append(m)
                    } else {
                        current.append(m)
                    }
                }
            } catch {
                failure = error
            }
            // The messages before a failure are delivered before it, as without prefetching.
            if let chunk {
                chunk.filePosition = reader.value.filePosition
                relay.send(chunk)
            }
            relay.finish(error: failure)
        }
        thread.name = "fluxscope-decode"
        thread.stackSize = 16 << 20
        thread.start()
        do {
            while let chunk = relay.receive() {
                try chunk.forEach(body)
                relay.giveBack(chunk)
            }
        } catch {
            relay.cancel()
            relay.waitForProducer()
            throw error
        }
        relay.waitForProducer()
        if let error = relay.producerError, !(error is CancellationError) { throw error }
    }
}

/// A value handed to the decoding thread, which alone uses it until it is joined.
private final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Messages copied out of libpcap's buffer: their octets back to back, and where each is.
private final class MessageChunk: @unchecked Sendable {
    private struct Entry {
        var timestamp: CaptureTimestamp
        var source: IPAddress
        var destination: IPAddress
        var sourcePort: UInt16
        var destinationPort: UInt16
        var transport: Transport
        var start: Int
        var count: Int
        var frameIndex: Int
        var tunnelDepth: Int
    }

    private let storage: UnsafeMutableRawBufferPointer
    private var used = 0
    private var entries: [Entry] = []
    /// The file position when the chunk was handed over.
    var filePosition: Int64 = 0

    init(capacity: Int) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        entries.reserveCapacity(capacity / 64)
    }

    deinit { storage.deallocate() }

    func fits(_ count: Int) -> Bool { storage.count - used >= count }

    func append(_ m: CapturedMessage) {
        if m.payload.count > 0, let base = m.payload.baseAddress {
            (storage.baseAddress! + used).copyMemory(from: base, byteCount: m.payload.count)
        }
        entries.append(Entry(timestamp: m.timestamp, source: m.source, destination: m.destination,
                             sourcePort: m.sourcePort, destinationPort: m.destinationPort, transport: m.transport,
                             start: used, count: m.payload.count, frameIndex: m.frameIndex, tunnelDepth: m.tunnelDepth))
        used += m.payload.count
    }

    func forEach(_ body: (CapturedMessage, Int64) throws -> Void) rethrows {
        for e in entries {
            try body(CapturedMessage(timestamp: e.timestamp, source: e.source, destination: e.destination,
                                     sourcePort: e.sourcePort, destinationPort: e.destinationPort, transport: e.transport,
                                     payload: UnsafeRawBufferPointer(rebasing: storage[e.start..<(e.start + e.count)]),
                                     frameIndex: e.frameIndex, tunnelDepth: e.tunnelDepth),
                     filePosition)
        }
    }

    func reset() {
        used = 0
        entries.removeAll(keepingCapacity: true)
    }
}

/// Full and free chunks between the decoding thread (producer) and the caller (consumer).
private final class MessageRelay: Sendable {
    private struct State {
        var free: [MessageChunk]
        var full: [MessageChunk] = []
        var finished = false
        var cancelled = false
        var error: (any Error)?
    }

    private let state: Mutex<State>
    // Every semaphore starts at 0: libdispatch traps when one is freed below its initial
    // value, which the free count is whenever a chunk is out at the end.
    private let fullCount = DispatchSemaphore(value: 0)
    private let freeCount = DispatchSemaphore(value: 0)
    private let producerDone = DispatchSemaphore(value: 0)

    init(chunks: Int, chunkBytes: Int) {
        state = Mutex(State(free: (0..<chunks).map { _ in MessageChunk(capacity: chunkBytes) }))
        for _ in 0..<chunks { freeCount.signal() }
    }

    /// Producer: an empty chunk, waiting for one; `nil` once the consumer gave up.
    func takeFree() -> MessageChunk? {
        freeCount.wait()
        return state.withLock { s in
            if s.cancelled { return nil }
            let chunk = s.free.removeLast()
            chunk.reset()
            return chunk
        }
    }

    /// Producer: hands a full chunk over.
    func send(_ chunk: MessageChunk) {
        state.withLock { $0.full.append(chunk) }
        fullCount.signal()
    }

    /// Producer: no more chunks (`error` when decoding stopped on one).
    func finish(error: (any Error)?) {
        state.withLock {
            $0.finished = true
            $0.error = error
        }
        fullCount.signal()
        producerDone.signal()
    }

    /// Consumer: the next full chunk in order, or `nil` after the last.
    func receive() -> MessageChunk? {
        while true {
            fullCount.wait()
            let next: MessageChunk?? = state.withLock { s -> MessageChunk?? in
                if !s.full.isEmpty { return .some(s.full.removeFirst()) }
                return s.finished ? .some(nil) : nil
            }
            if let next { return next }
        }
    }

    /// Consumer: a chunk is done with.
    func giveBack(_ chunk: MessageChunk) {
        state.withLock { $0.free.append(chunk) }
        freeCount.signal()
    }

    /// Consumer: stop the producer (its next `takeFree` returns `nil`).
    func cancel() {
        state.withLock { $0.cancelled = true }
        freeCount.signal()
    }

    /// Waits until the producer has finished (after which it no longer touches the reader).
    func waitForProducer() {
        producerDone.wait()
    }

    /// The error the producer finished with, if any.
    var producerError: (any Error)? { state.withLock { $0.error } }
}
