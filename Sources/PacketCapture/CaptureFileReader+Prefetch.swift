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
        try prefetch(chunks: chunks, chunkBytes: chunkBytes, note: nil) { m, _, filePosition in try body(m, filePosition) }
    }

    /// As ``forEachMessagePrefetched(chunks:chunkBytes:_:)``, and the decoding thread also
    /// scans each message (`MessageLayout.scan`) and calls `note` with the message and its
    /// layout, in file order: work that follows the messages in order but needs nothing from
    /// `body` (the query matcher) runs there, beside `body`. `body` gets the scan (the
    /// layout of a well-formed message, to `restore` instead of scanning again) and what
    /// `note` answered for the message.
    ///
    /// `note` runs on the decoding thread only, one call at a time, and never after this
    /// method returns (the thread is joined first).
    public func forEachScannedMessage(chunks: Int = 4, chunkBytes: Int = 1 << 20,
                                      note: @escaping (CapturedMessage, MessageLayout) -> Int,
                                      _ body: (CapturedMessage, ScannedMessage, _ filePosition: Int64) throws -> Void) throws {
        try prefetch(chunks: chunks, chunkBytes: chunkBytes, note: note) { m, scan, filePosition in
            try body(m, scan!, filePosition)
        }
    }

    private func prefetch(chunks: Int, chunkBytes: Int, note: ((CapturedMessage, MessageLayout) -> Int)?,
                          _ body: (CapturedMessage, ScannedMessage?, Int64) throws -> Void) throws {
        let relay = MessageRelay(chunks: max(2, chunks), chunkBytes: max(1 << 16, chunkBytes))
        let reader = UncheckedBox(self)
        // The decoding thread's state (with `note`, called by that thread only, which is
        // joined before this method returns), made here where its types are concrete.
        let start = UncheckedBox(ChunkProducer(reader: self, relay: relay, note: note))
        let thread = Thread {
            // The decoder's closure captures this local by address: captured class
            // references were retained and released at every level of the frame decoding
            // (link, IP, UDP: a tenth of this thread's time).
            var producer = start.value
            var failure: (any Error)?
            do {
                try reader.value.forEachMessage { m in try producer.take(m) }
            } catch {
                failure = error
            }
            // The messages before a failure are delivered before it, as without prefetching.
            if let chunk = producer.chunk {
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

/// What the decoding thread's scan found for one message (``CaptureFileReader/forEachScannedMessage(chunks:chunkBytes:note:_:)``);
/// valid during the call it is given to.
public struct ScannedMessage {
    /// True when the scan found no error: the layout can then be restored from the fields below.
    public let isWellFormed: Bool
    /// The message ID the scan found.
    public let id: UInt16
    /// The header flags the scan found.
    public let flags: HeaderFlags
    /// The extended RCODE bits (from OPT) the scan found.
    public let extendedRCode: UInt8
    /// The scan's entries (empty when not well formed).
    public let entries: UnsafeBufferPointer<WireEntry>
    /// What `note` answered for the message.
    public let note: Int
}

/// The decoding thread's side: the chunk being filled and the scan of each message.
private struct ChunkProducer {
    let reader: CaptureFileReader
    let relay: MessageRelay
    let note: ((CapturedMessage, MessageLayout) -> Int)?
    /// The chunk being filled (`nil` once the consumer gave up).
    var chunk: MessageChunk?
    var layout = MessageLayout()

    init(reader: CaptureFileReader, relay: MessageRelay, note: ((CapturedMessage, MessageLayout) -> Int)?) {
        self.reader = reader
        self.relay = relay
        self.note = note
        chunk = relay.takeFree()  // does not wait: every chunk is free before the thread starts
    }

    /// Copies `m` into the chunk (handing the chunk over first when it is full), with its
    /// scan and note when noting. The chunk is used unretained: a retain and a release per
    /// use were a sixth of this thread's time.
    mutating func take(_ m: CapturedMessage) throws {
        guard let filling = chunk else { throw CancellationError() }
        var current = Unmanaged.passUnretained(filling)  // `chunk` holds it until handed over
        if !current._withUnsafeGuaranteedRef({ $0.fits(m.payload.count) }) {
            filling.filePosition = reader.filePosition
            relay.send(filling)
            chunk = relay.takeFree()
            guard let next = chunk else { throw CancellationError() }
            current = Unmanaged.passUnretained(next)
        }
        current._withUnsafeGuaranteedRef { $0.append(m) }
        guard let note else { return }
        layout.scan(m.payload)
        let answer = note(m, layout)
        layout.entries.withUnsafeBufferPointer { entries in
            current._withUnsafeGuaranteedRef { $0.appendScan(layout, entries: entries, note: answer) }
        }
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

    /// The scan of an entry (with `forEachScannedMessage`), at the same index.
    private struct Scan {
        var wellFormed: Bool
        var id: UInt16
        var flags: HeaderFlags
        var extendedRCode: UInt8
        var layoutStart: Int
        var layoutCount: Int
        var note: Int
    }

    // One thread at a time uses a chunk (handed over through `MessageRelay`'s lock), and no
    // access overlaps another: the per-message dynamic exclusivity checks are left out.
    private let storage: UnsafeMutableRawBufferPointer
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private var entries: [Entry] = []
    @exclusivity(unchecked) private var scans: [Scan] = []
    /// The entries of every scan, back to back.
    @exclusivity(unchecked) private var layouts: [WireEntry] = []
    /// Scan entries a chunk holds at most (each is a question or record of at least 5
    /// octets, so a full chunk of payload could bring a fifth of its size in entries).
    private let maxLayoutEntries: Int
    /// The file position when the chunk was handed over.
    var filePosition: Int64 = 0

    init(capacity: Int) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        entries.reserveCapacity(capacity / 64)
        maxLayoutEntries = capacity / 16
    }

    deinit { storage.deallocate() }

    /// True when a message of `count` octets fits (and its scan, whatever it holds: a
    /// message of at most 65,535 octets has at most 13,107 entries).
    func fits(_ count: Int) -> Bool {
        storage.count - used >= count && layouts.count + 13_107 <= max(maxLayoutEntries, 13_107)
    }

    /// Records the scan of the message appended last (`entries` are the layout's).
    func appendScan(_ layout: borrowing MessageLayout, entries: UnsafeBufferPointer<WireEntry>, note: Int) {
        let ok = layout.error == nil
        let start = layouts.count
        if ok { layouts.append(contentsOf: entries) }
        scans.append(Scan(wellFormed: ok, id: layout.id, flags: layout.flags, extendedRCode: layout.extendedRCode,
                          layoutStart: start, layoutCount: layouts.count - start, note: note))
    }

    func append(_ m: CapturedMessage) {
        if m.payload.count > 0, let base = m.payload.baseAddress {
            (storage.baseAddress! + used).copyMemory(from: base, byteCount: m.payload.count)
        }
        entries.append(Entry(timestamp: m.timestamp, source: m.source, destination: m.destination,
                             sourcePort: m.sourcePort, destinationPort: m.destinationPort, transport: m.transport,
                             start: used, count: m.payload.count, frameIndex: m.frameIndex, tunnelDepth: m.tunnelDepth))
        used += m.payload.count
    }

    func forEach(_ body: (CapturedMessage, ScannedMessage?, Int64) throws -> Void) rethrows {
        try layouts.withUnsafeBufferPointer { layouts in
            for (i, e) in entries.enumerated() {
                let m = CapturedMessage(timestamp: e.timestamp, source: e.source, destination: e.destination,
                                        sourcePort: e.sourcePort, destinationPort: e.destinationPort, transport: e.transport,
                                        payload: UnsafeRawBufferPointer(rebasing: storage[e.start..<(e.start + e.count)]),
                                        frameIndex: e.frameIndex, tunnelDepth: e.tunnelDepth)
                guard i < scans.count else {
                    try body(m, nil, filePosition)
                    continue
                }
                let s = scans[i]
                try body(m, ScannedMessage(isWellFormed: s.wellFormed, id: s.id, flags: s.flags, extendedRCode: s.extendedRCode,
                                           entries: UnsafeBufferPointer(rebasing: layouts[s.layoutStart..<(s.layoutStart + s.layoutCount)]),
                                           note: s.note),
                         filePosition)
            }
        }
    }

    func reset() {
        used = 0
        entries.removeAll(keepingCapacity: true)
        scans.removeAll(keepingCapacity: true)
        layouts.removeAll(keepingCapacity: true)
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
