import DNSWire
import FluxModel

/// One line of a domains file: a name, possibly with a comment (`#` or `;`) after it.
enum DomainLine {
    /// Why a line's name was rejected.
    struct Rejection: Error {
        var reason: String
    }

    /// The name on `line`; `nil` for a blank or comment-only line.
    static func parse(_ line: some StringProtocol) -> Result<DNSName, Rejection>? {
        if let parsed = line.utf8.withContiguousStorageIfAvailable({ parse(octets: $0) }) { return parsed }
        return Array(line.utf8).withUnsafeBufferPointer { parse(octets: $0) }
    }

    /// The name on a line given as its octets: the text before `#` or `;`, one field between
    /// spaces, tabs or carriage returns, printable ASCII without escapes.
    static func parse(octets line: UnsafeBufferPointer<UInt8>) -> Result<DNSName, Rejection>? {
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
        var end = 0
        while end < line.count, line[end] != UInt8(ascii: "#"), line[end] != UInt8(ascii: ";") { end += 1 }
        var start = 0
        while start < end, isSpace(line[start]) { start += 1 }
        guard start < end else { return nil }
        var stop = start
        while stop < end, !isSpace(line[stop]) { stop += 1 }
        var rest = stop
        while rest < end, isSpace(line[rest]) { rest += 1 }
        if rest < end { return .failure(Rejection(reason: "more than one field on the line")) }
        let field = line[start..<stop]
        if field.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x21 || $0 > 0x7E }) {
            return .failure(Rejection(reason: "name has characters outside printable ASCII or escapes"))
        }
        do {
            let name = try DNSName(presentation: Array(field))
            if name.isRoot { return .failure(Rejection(reason: "the root is not a domain to probe")) }
            return .success(name)
        } catch {
            return .failure(Rejection(reason: error.reason))
        }
    }
}

/// A file of names, one a line; blank lines and comments (`#` or `;` to the end of the line)
/// are skipped, bad names reported with their line number. Read lazily, line by line.
public struct DomainFile: NameSource {
    /// Why a domains file could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        /// The path.
        public var path: String
        /// What failed, for the user.
        public var description: String { "cannot read the domains file \(path)" }
    }

    /// The path of the file.
    public var path: String

    /// A source reading `path`.
    public init(path: String) { self.path = path }

    /// Opens the file.
    public func makeIterator() throws -> Iterator {
        guard let reader = LineReader(path: path) else { throw OpenError(path: path) }
        return Iterator(reader: reader, path: path)
    }

    /// Reads the file one line at a time.
    public struct Iterator: NameIterator {
        let reader: LineReader
        let path: String
        var line = 0

        /// The next name or rejected line.
        public mutating func next() -> Result<NameSchedule, InputIssue>? {
            while let text = reader.next() {
                line += 1
                switch DomainLine.parse(text) {
                case .none: continue
                case .some(.success(let name)): return .success(NameSchedule(name: name))
                case .some(.failure(let why)):
                    return .failure(InputIssue(origin: path, line: line, text: text, reason: why.reason))
                }
            }
            return nil
        }
    }
}
