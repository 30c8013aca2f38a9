import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A download whose body is sent while a synchronous writer (the `Reports` writers, which
/// write to `inout some TextOutputStream`) produces it: the writer runs on a thread of its
/// own and hands over 64 KiB chunks one at a time, waiting until the connection has taken the
/// previous one, so the body is never held whole (memory: the writer's own state and two
/// chunks). If the client goes away, the rest of the output is dropped as it is written.
enum StreamedDownload {
    /// Chunk size of the body.
    static let chunkSize = 1 << 16

    /// A `Content-Disposition: attachment` response whose body `write` produces.
    static func response(filename: String, contentType: String,
                         _ write: @escaping @Sendable (inout DownloadSink) -> Void) -> Response {
        let body = ResponseBody { writer in
            let channel = ChunkChannel()
            produce(into: channel, write)
            do {
                while let chunk = await channel.next() { try await writer.write(chunk) }
            } catch {
                channel.cancel()
                throw error
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: JSONResponse.downloadHeaders(filename: filename, contentType: contentType), body: body)
    }

    /// Starts `write` on a thread of its own (it blocks while the consumer is behind, which a
    /// task of the cooperative pool must not), feeding `channel`.
    static func produce(into channel: ChunkChannel, chunkSize: Int = chunkSize, _ write: @escaping @Sendable (inout DownloadSink) -> Void) {
        let thread = Thread {
            var sink = DownloadSink(channel: channel, chunkSize: chunkSize)
            write(&sink)
            sink.finish()
        }
        thread.start()
    }
}

/// The text output of a streamed download: buffers up to a chunk, then hands it over.
struct DownloadSink: TextOutputStream {
    let channel: ChunkChannel
    let chunkSize: Int
    private var buffer: [UInt8] = []

    init(channel: ChunkChannel, chunkSize: Int) {
        self.channel = channel
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + 4096)
    }

    mutating func write(_ string: String) {
        guard !channel.isCancelled else { return }
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= chunkSize {
            channel.send(ByteBuffer(bytes: buffer))
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Hands over what is left and ends the body.
    mutating func finish() {
        if !buffer.isEmpty { channel.send(ByteBuffer(bytes: buffer)) }
        buffer = []
        channel.finish()
    }
}

/// One chunk at a time from a producing thread to an async consumer: `send` returns once the
/// consumer has taken the chunk (or has gone: `cancel`), `next` waits for a chunk or the end.
final class ChunkChannel: Sendable {
    private struct State {
        var pending: ByteBuffer?
        var waiting: CheckedContinuation<ByteBuffer?, Never>?
        var finished = false
        var cancelled = false
    }

    private let state = Mutex(State())
    /// Signalled once per chunk taken, and once on `cancel`.
    private let taken = DispatchSemaphore(value: 0)

    /// True once the consumer has gone.
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Hands `chunk` to the consumer and waits until it has taken it (producer side).
    func send(_ chunk: ByteBuffer) {
        let handed = state.withLock { s -> Bool in
            if s.cancelled { return false }
            if let c = s.waiting {
                s.waiting = nil
                c.resume(returning: chunk)
            } else {
                s.pending = chunk
            }
            return true
        }
        if handed { taken.wait() }
    }

    /// No more chunks (producer side).
    func finish() {
        state.withLock { s in
            s.finished = true
            if let c = s.waiting {
                s.waiting = nil
                c.resume(returning: nil)
            }
        }
    }

    /// The next chunk, or `nil` at the end (consumer side).
    func next() async -> ByteBuffer? {
        let chunk: ByteBuffer? = await withCheckedContinuation { c in
            state.withLock { s in
                if let p = s.pending {
                    s.pending = nil
                    c.resume(returning: p)
                } else if s.finished {
                    c.resume(returning: nil)
                } else {
                    s.waiting = c
                }
            }
        }
        if chunk != nil { taken.signal() }
        return chunk
    }

    /// The consumer has gone: the producer stops waiting and later output is dropped.
    func cancel() {
        state.withLock { s in
            s.cancelled = true
            s.pending = nil
        }
        taken.signal()
    }
}
