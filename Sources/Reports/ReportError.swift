/// A failure while writing a report or an export (its temporary files), with a readable
/// reason.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, and where.
    public var reason: String

    init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
