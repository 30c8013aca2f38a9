/// Bytes already read (a peeked prefix) followed by the rest of a source.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private let rest: ByteSource

    init(prefix: [UInt8], rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    var position: Int { rest.position - prefix.count }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        guard !prefix.isEmpty else { return try rest.read(into: buffer) }
        let n = min(prefix.count, buffer.count)
        for i in 0..<n { buffer[i] = prefix[i] }
        prefix.removeFirst(n)
        return n
    }
}
