import DNSWire
import FluxModel

/// A rejected input line: where, what, and why.
public struct InputIssue: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, or `arguments` for names given on the command line.
    public var origin: String
    /// The 1-based line (or argument) number.
    public var line: Int
    /// The text as read.
    public var text: String
    /// Why it was rejected.
    public var reason: String

    /// Creates an issue.
    public init(origin: String, line: Int, text: String, reason: String) {
        self.origin = origin
        self.line = line
        self.text = text
        self.reason = reason
    }

    /// `origin:line: reason: text`.
    public var description: String { "\(origin):\(line): \(reason): \(text)" }
}

/// Where the names to probe come from. The prober makes the iterator on its own thread and
/// pulls names only as fast as it can ask about them, so a long list is never held whole.
public protocol NameSource: Sendable {
    /// The iterator type.
    associatedtype Iterator: NameIterator
    /// Opens the source; throws when it cannot be read.
    func makeIterator() throws -> Iterator
}

/// Hands out names (or rejected lines) one at a time.
public protocol NameIterator {
    /// The next name or rejected line, or `nil` at the end.
    mutating func next() -> Result<NameSchedule, InputIssue>?
}

/// Names given as values: fresh names, or schedule states saved by an earlier run.
public struct NameList: NameSource {
    /// The entries.
    public var entries: [NameSchedule]

    /// Fresh names, all due at once.
    public init(_ names: [DNSName]) { entries = names.map { NameSchedule(name: $0) } }
    /// Saved states, each due at its `nextDue`.
    public init(schedules: [NameSchedule]) { entries = schedules }

    /// Parses names given as text (command-line arguments): bad ones become issues.
    public static func parsing(_ texts: [String], origin: String = "arguments") -> (NameList, [InputIssue]) {
        var names: [DNSName] = []
        var issues: [InputIssue] = []
        for (i, t) in texts.enumerated() {
            switch DomainLine.parse(t) {
            case .some(.success(let n)): names.append(n)
            case .some(.failure(let why)): issues.append(InputIssue(origin: origin, line: i + 1, text: t, reason: why.reason))
            case .none: issues.append(InputIssue(origin: origin, line: i + 1, text: t, reason: "empty name"))
            }
        }
        return (NameList(names), issues)
    }

    /// Iterates over the entries.
    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    /// Hands out the entries in order.
    public struct Iterator: NameIterator {
        var base: IndexingIterator<[NameSchedule]>
        /// The next entry.
        public mutating func next() -> Result<NameSchedule, InputIssue>? { base.next().map { .success($0) } }
    }
}
