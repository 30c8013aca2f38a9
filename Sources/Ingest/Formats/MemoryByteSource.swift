/// Bytes held in memory (tests, fuzzing, stdin already read).
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    public private(set) var position = 0

    /// Serves `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}
