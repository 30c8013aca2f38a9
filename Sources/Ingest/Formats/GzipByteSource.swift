import CZlib

/// Decompresses a gzip (RFC 1952) stream, several members one after another included, as
/// `gzip -d` does. A stream cut short is a `.truncated` error, corrupt data a `.gzip` error.
public final class GzipByteSource: ByteSource {
    private let base: ByteSource
    private let name: String
    // zlib keeps a pointer back to the z_stream, so it must not move: allocate it once.
    private let stream: UnsafeMutablePointer<z_stream>
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inStart = 0, inEnd = 0
    private var baseEnded = false, streamEnded = false

    /// Decompresses `base`; `name` is used in messages.
    public init(_ base: ByteSource, name: String) throws(ReadError) {
        self.base = base
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 window bits + 16: gzip wrapper only.
        guard inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ReadError(.gzip, file: name, "zlib could not be initialised")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    public var position: Int { base.position - (inEnd - inStart) }

    private func fill() throws(ReadError) {
        guard inStart == inEnd, !baseEnded else { return }
        let n = try base.read(into: &input)
        inStart = 0
        inEnd = n
        if n == 0 { baseEnded = true }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            try fill()
            if streamEnded {
                // Another member may follow (RFC 1952 section 2.2).
                guard inStart < inEnd else { return 0 }
                guard input[inStart] == 0x1F else {
                    throw ReadError(.gzip, file: name, "data after the end of the gzip stream at byte \(position)")
                }
                inflateReset(stream)
                streamEnded = false
            }
            if inStart == inEnd && baseEnded {
                throw ReadError(.truncated, file: name, "the gzip stream is cut short (\(position) compressed bytes read); the file is incomplete")
            }
            let available = inEnd - inStart
            let (status, produced): (Int32, Int) = input.withUnsafeMutableBufferPointer { inBuf in
                stream.pointee.next_in = inBuf.baseAddress! + inStart
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
                let status = inflate(stream, Z_NO_FLUSH)
                let produced = min(buffer.count, Int(UInt32.max)) - Int(stream.pointee.avail_out)
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return (status, produced)
            }
            inStart = inEnd - Int(stream.pointee.avail_in)
            switch status {
            case Z_STREAM_END:
                streamEnded = true
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw ReadError(.gzip, file: name, "corrupt gzip data near compressed byte \(position): \(message)")
            }
            if produced > 0 { return produced }
        }
    }
}
