#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The input formats `fluxscope ingest` knows, in sniffing order (binary magic numbers
/// before text heuristics, specific text formats before general ones).
///
/// A format plugs in with one line in `standard`:
/// ```swift
/// CaptureInputFormat.pcap, CaptureInputFormat.pcapng, DnstapInputFormat(),
/// ZeekInputFormat(),   // Sources/Ingest/Formats/...
/// ```
public struct InputFormatRegistry: Sendable {
    /// The registered formats, in sniffing order.
    public private(set) var formats: [any InputFormat]

    /// How many leading octets `detect(path:)` reads for the sniffers.
    public static let sniffLength = 4096

    /// The formats FluxScope ships.
    public static let standard = InputFormatRegistry([
        CaptureInputFormat.pcap,
        CaptureInputFormat.pcapng,
        DnstapInputFormat(),
    ] + TextFormat.detectionOrder.map { TextInputFormat($0) })

    /// A registry of `formats`, sniffed in that order.
    public init(_ formats: [any InputFormat]) {
        self.formats = formats
    }

    /// Adds a format at the end of the sniffing order.
    public mutating func register(_ format: any InputFormat) {
        formats.append(format)
    }

    /// The names `--format` accepts.
    public var names: [String] { formats.map(\.name) }

    /// The format called `name`, if registered.
    public func format(named name: String) -> (any InputFormat)? {
        formats.first { $0.name == name }
    }

    /// The first format whose sniffer accepts `prefix`.
    public func detect(prefix: [UInt8]) -> (any InputFormat)? {
        formats.first { $0.sniff(prefix) }
    }

    /// Reads the first octets of `path` and detects its format.
    /// - Throws: `IngestProblem` (`open`, `read`, `unknown_format`) saying what was found.
    public func detect(path: String) throws -> any InputFormat {
        let prefix = try InputFormatRegistry.prefix(of: path)
        guard let format = detect(prefix: prefix) else {
            let shown = prefix.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")
            throw IngestProblem(file: path, kind: "unknown_format",
                                reason: "the content is none of \(names.joined(separator: ", ")) (first octets: \(shown)); give --format")
        }
        return format
    }

    /// The first `sniffLength` octets of a file.
    public static func prefix(of path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestProblem(file: path, kind: "open", reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: sniffLength)
        var filled = 0
        while filled < sniffLength {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, sniffLength - filled) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else {
                throw IngestProblem(file: path, kind: "read", reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
        }
        return Array(buffer[0..<filled])
    }
}
