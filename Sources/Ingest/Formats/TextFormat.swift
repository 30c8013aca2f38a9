/// The text input formats `fluxscope ingest` reads, by their `--format` names.
public enum TextFormat: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// Zeek `dns.log`, TSV or JSON lines.
    case zeek
    /// Passive DNS Common Output Format (draft-dulaunoy-dnsop-passive-dns-cof), JSON lines.
    case cof
    /// Farsight DNSDB API records, v1 JSON lines or v2 `{"obj":…}` / `{"cond":…}` lines.
    case dnsdb
    /// gamelinux passivedns `||`-separated log.
    case passivedns
    /// dig transcripts.
    case dig
    /// RFC 1035 master (zone) files.
    case zone

    public var description: String { rawValue }

    /// The reader of this format.
    public var reader: any FormatReader {
        switch self {
        case .zeek: return ZeekReader()
        case .cof: return PassiveDNSJSONReader(flavour: .cof)
        case .dnsdb: return PassiveDNSJSONReader(flavour: .dnsdb)
        case .passivedns: return PassiveDNSLogReader()
        case .dig: return DigReader()
        case .zone: return ZoneReader()
        }
    }

    /// How many bytes `detect(path:)` looks at.
    public static let sniffLength = 8192

    /// The order in which sniffers are asked: the most distinctive markers first (a dig
    /// transcript holds record lines that also look like a zone file; DNSDB v2 lines would
    /// also pass for COF once unwrapped).
    static let detectionOrder: [TextFormat] = [.dig, .zeek, .dnsdb, .cof, .passivedns, .zone]

    /// The format the content shows, or `nil` when none is recognised. `prefix` is the start
    /// of the input; a gzip prefix is decompressed as far as it goes.
    public static func detect(prefix: [UInt8]) -> TextFormat? {
        var text = prefix
        if prefix.starts(with: [0x1F, 0x8B]) {
            text = []
            if let gz = try? GzipByteSource(MemoryByteSource(prefix), name: "prefix") {
                var chunk = [UInt8](repeating: 0, count: 4096)
                while text.count < sniffLength {
                    guard let n = try? gz.read(into: &chunk), n > 0 else { break }
                    text += chunk[..<n]
                }
            }
        }
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        return detectionOrder.first { $0.reader.sniff(text) }
    }

    /// Reads the first `sniffLength` bytes of a file (decompressed) and detects its format.
    public static func detect(path: String) throws(ReadError) -> TextFormat? {
        let source = try LineReader.decompressing(FileByteSource(path: path), name: path)
        var prefix: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while prefix.count < sniffLength {
            let n: Int
            do throws(ReadError) {
                n = try source.read(into: &chunk)
            } catch where error.code == .truncated {
                break  // a short gzip file still shows its format
            } catch {
                throw error
            }
            if n == 0 { break }
            prefix += chunk[..<n]
        }
        return detect(prefix: prefix)
    }
}

/// Helpers for sniffers: the first lines of a prefix as text.
enum Sniff {
    /// Up to `limit` lines, without terminators; the last line is dropped if the prefix
    /// cut it (unless it is the only one).
    static func lines(_ prefix: [UInt8], limit: Int = 40) -> [Substring] {
        let text = String(decoding: prefix, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        if lines.count > 1, !(text.hasSuffix("\n") || text.hasSuffix("\r")) { lines.removeLast() }
        return Array(lines.prefix(limit))
    }

    /// The first non-empty line that parses as a JSON object.
    static func firstJSONObject(_ prefix: [UInt8]) -> [String: JSONValue]? {
        for line in lines(prefix, limit: 5) where !line.allSatisfy(\.isWhitespace) {
            return (try? JSONParser.parse(line))?.object
        }
        return nil
    }
}
