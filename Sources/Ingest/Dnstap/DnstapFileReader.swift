#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FluxModel

/// Reads dnstap files: Frame Streams (fstrm) files of `dnstap.Dnstap` protobufs, as written
/// by `dnstap`, `fstrm_capture`, Unbound, Knot, BIND, PowerDNS, dnsdist and go-dnscollector.
///
/// Each data frame is decoded (`DnstapEvent.decode`) and its DNS message turned into
/// observations, outcomes and client queries (`MessageObservations`), under a source of kind
/// `dnstap` named by the server's `identity`. Files are read in chunks, so memory stays
/// bounded by `maxFrameLength` whatever the file's size.
public struct DnstapFileReader {
    /// The name of the format for `fluxscope ingest --format` and `decode --format`.
    public static let formatName = "dnstap"

    /// Options shared by the readers: `strict`, and `clients` for `CLIENT_QUERY` addresses.
    public var options: ReadOptions
    /// The longest data frame accepted; longer ones are reported and skipped.
    public var maxFrameLength: Int
    /// The message types to ingest; `nil` for all.
    public var messageTypes: Set<DnstapMessageType>?

    /// Creates a reader.
    public init(options: ReadOptions = ReadOptions(), maxFrameLength: Int = FrameStreamParser.defaultMaxFrameLength,
                messageTypes: Set<DnstapMessageType>? = nil) {
        self.options = options
        self.maxFrameLength = maxFrameLength
        self.messageTypes = messageTypes
    }

    /// Whether `prefix` (the first octets of a file; 42 are enough) starts like a dnstap file:
    /// the Frame Streams escape, then a START control frame naming `protobuf:dnstap.Dnstap`.
    public static func sniff(_ prefix: some Collection<UInt8>) -> Bool {
        let head = Array(prefix.prefix(8 + FrameStreamControl.maxLength))
        return head.withUnsafeBytes { bytes in
            guard bytes.count >= 12, FrameStreamControl.u32(bytes, 0) == 0,
                  FrameStreamControl.u32(bytes, 8) == FrameStreamControl.Kind.start.rawValue else { return false }
            let needle = FrameStreamControl.dnstapContentType
            let body = Array(bytes[12...])
            return body.count >= needle.count && (0...(body.count - needle.count)).contains { i in
                body[i..<i + needle.count].elementsEqual(needle)
            }
        }
    }

    /// Reads a file; problems go to the sink (or are thrown in strict mode).
    /// - Throws: `IngestProblem` when the file cannot be opened or read, or in strict mode;
    ///   whatever `resolver` throws.
    public func read<Sink: IngestSink>(path: String, resolver: @escaping SourceResolver, into sink: inout Sink) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestProblem(file: path, kind: "open", reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var decoder = makeDecoder(file: path, resolver: resolver)
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk + maxFrameLength + 8)
        var filled = 0  // octets of buffer holding unread input
        var base = 0    // file offset of buffer[0]
        while decoder.phase != .failed {
            if buffer.count - filled < chunk { buffer += [UInt8](repeating: 0, count: chunk) }
            let n = buffer.withUnsafeMutableBytes { b in readFile(fd, b.baseAddress! + filled, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestProblem(file: path, offset: base + filled, kind: "read", reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
            let used = try buffer.withUnsafeBytes { b in
                try decoder.consume(UnsafeRawBufferPointer(rebasing: b[0..<filled]), base: base, into: &sink)
            }
            // Keep the unfinished frame at the front.
            buffer.withUnsafeMutableBytes { b in
                if used < filled { b.baseAddress!.copyMemory(from: b.baseAddress! + used, byteCount: filled - used) }
            }
            filled -= used
            base += used
        }
        try decoder.finish(leftover: filled, at: base, into: &sink)
    }

    /// Reads dnstap from memory, as if it were the file `name`.
    public func read<Sink: IngestSink>(bytes: [UInt8], name: String, resolver: @escaping SourceResolver, into sink: inout Sink) throws {
        var decoder = makeDecoder(file: name, resolver: resolver)
        let used = try bytes.withUnsafeBytes { try decoder.consume($0, base: 0, into: &sink) }
        try decoder.finish(leftover: bytes.count - used, at: used, into: &sink)
    }

    private func makeDecoder(file: String, resolver: @escaping SourceResolver) -> DnstapStreamDecoder {
        DnstapStreamDecoder(file: file, options: options, maxFrameLength: maxFrameLength,
                            messageTypes: messageTypes, resolver: resolver)
    }
}

/// `read(2)`, named apart from the reader's own `read` methods.
private func readFile(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, into, count)
}
