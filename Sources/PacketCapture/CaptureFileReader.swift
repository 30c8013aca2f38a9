import CPcap
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads DNS messages from a pcap or pcapng file through libpcap.
///
/// ```swift
/// let reader = try CaptureFileReader(path: "dns.pcap")
/// try reader.forEachMessage { message in
///     print(message.source, message.payload.count)
/// }
/// print(reader.stats.messages)
/// ```
/// Memory stays flat in the size of the file: records are decoded one at a time from
/// libpcap's buffer, and only fragments and TCP data waiting for completion are kept.
public final class CaptureFileReader {
    /// The file being read.
    public let path: String
    /// The capture's link-layer type.
    public let linkType: LinkType
    /// Counters; complete once ``forEachMessage(_:)`` has returned.
    public private(set) var stats: CaptureStats
    private let handle: OpaquePointer
    private var decoder: FrameDecoder
    private let failOnTruncation: Bool

    /// Opens a pcap or pcapng file (libpcap tells them apart by their magic number) with
    /// nanosecond timestamps.
    /// - Parameter failOnTruncation: throw ``CaptureError/Code/readFailed`` when the file
    ///   ends inside a record, after delivering every message before it. By default the
    ///   problem is only recorded in ``CaptureStats/endedEarly``.
    /// - Throws: ``CaptureError`` with code `cannotOpen` for a missing, unreadable or
    ///   unrecognised file, `unsupportedLinkType` for link types the decoder lacks.
    public init(path: String, options: CaptureOptions = CaptureOptions(),
                failOnTruncation: Bool = false) throws {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        // Our own stream with a 1 MiB buffer: libpcap reads each record with fread, and
        // stdio's default (the file system's 4 KiB block) costs a read(2) per few packets.
        guard let file = fopen(path, "rb") else {
            throw CaptureError(.cannotOpen, String(cString: strerror(errno)), subject: path)
        }
        setvbuf(file, nil, _IOFBF, CaptureFileReader.bufferSize)
        // Only the reading thread touches the stream: no lock per fread (two per record).
        _ = __fsetlocking(file, Int32(FSETLOCKING_BYCALLER))
        guard let handle = pcap_fopen_offline_with_tstamp_precision(
            file, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errbuf)
        else {
            fclose(file)
            throw CaptureError(.cannotOpen, pcapErrorString(errbuf), subject: path)
        }
        let link = LinkType(rawValue: pcap_datalink(handle))
        guard link.isSupported else {
            pcap_close(handle)
            throw CaptureError(.unsupportedLinkType, "link type \(link.rawValue) is not decoded",
                               subject: path)
        }
        self.path = path
        self.handle = handle
        self.linkType = link
        self.failOnTruncation = failOnTruncation
        decoder = FrameDecoder(linkType: link, options: options)
        stats = decoder.stats
    }

    /// The read buffer of the file's stream.
    static let bufferSize = 1 << 20

    deinit { pcap_close(handle) }  // also closes the stream

    /// How far into the file libpcap has read, in bytes (its stdio buffer's position: ahead
    /// of the record being decoded by at most a buffer). For progress bars; safe to call
    /// from inside ``forEachMessage(_:)``'s callback.
    public var filePosition: Int64 {
        guard let file = pcap_file(handle) else { return 0 }
        return Int64(ftell(file))
    }

    /// Streams the whole file, calling `body` for every DNS message in capture order.
    ///
    /// The message's payload is valid only during the call. Reading stops early if `body`
    /// throws; the error is rethrown. The file is read once: a second call finds nothing.
    public func forEachMessage(_ body: (CapturedMessage) throws -> Void) throws {
        defer { stats = decoder.stats }
        let ended = try decoder.consume(handle, body)
        try decoder.finish(body)
        if let ended {
            decoder.counters.endedEarly = ended
            if failOnTruncation {
                stats = decoder.stats
                throw CaptureError(.readFailed, ended, subject: path)
            }
        }
    }
}
