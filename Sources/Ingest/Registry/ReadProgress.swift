import Synchronization

/// How far a reader has got, shared with whoever draws a progress bar. Written by the reading
/// thread, read by any; relaxed atomics, as the figures are only for people.
public final class ReadProgress: Sendable {
    private let byteCount = Atomic<Int64>(0)
    private let recordCount = Atomic<Int64>(0)
    /// The input's size in bytes, when known.
    public let totalBytes: Int64?

    /// Creates a progress record for an input of `totalBytes`.
    public init(totalBytes: Int64?) {
        self.totalBytes = totalBytes
    }

    /// The byte offset reached in the input.
    public var bytes: Int64 {
        get { byteCount.load(ordering: .relaxed) }
        set { byteCount.store(newValue, ordering: .relaxed) }
    }

    /// Records (messages, frames, lines) read.
    public var records: Int64 {
        get { recordCount.load(ordering: .relaxed) }
        set { recordCount.store(newValue, ordering: .relaxed) }
    }
}
