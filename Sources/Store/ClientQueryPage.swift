import FluxModel

/// Where a scan of all client tallies stopped: the last row's key in scan order (privacy
/// mode, client, name lower-cased). Opaque to callers.
public struct ClientQueryCursor: Hashable, Sendable {
    let mode: ClientMode
    let client: String
    let nameKey: String
}

/// One page of a scan over all client tallies, ordered by privacy mode, client, then name.
public struct ClientQueryPage: Hashable, Sendable {
    /// The tallies of this page, in scan order.
    public var tallies: [ClientQueryTally]
    /// Where to continue; `nil` when the scan is done.
    public var next: ClientQueryCursor?
}
