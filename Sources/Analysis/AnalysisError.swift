/// A failure of the analysis's own work (not the store's: those are `StoreError`s), with a
/// readable reason.
public struct AnalysisError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, and where.
    public var reason: String

    init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
