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
        let body = line.prefix { $0 != "#" && $0 != ";" }
        let fields = body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard let first = fields.first else { return nil }
        if fields.count > 1 { return .failure(Rejection(reason: "more than one field on the line")) }
        if first.contains("\\") || first.utf8.contains(where: { $0 < 0x21 || $0 > 0x7E }) {
            return .failure(Rejection(reason: "name has characters outside printable ASCII or escapes"))
        }
        do {
            let name = try DNSName(first)
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
