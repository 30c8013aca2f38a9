import FluxModel

/// Where a scan of all sightings stopped: the last record's key in scan order (owner name
/// lower-cased, type, canonical RDATA). Opaque to callers.
public struct SightingCursor: Hashable, Sendable {
    let nameKey: String
    let type: Int
    let dataKey: [UInt8]
}

/// One page of a scan over all sightings, ordered by owner name (so a name's sightings
/// arrive together), then type, then data.
public struct SightingPage: Hashable, Sendable {
    /// The sightings of this page, in scan order.
    public var sightings: [Sighting]
    /// Where to continue; `nil` when the scan is done.
    public var next: SightingCursor?

    /// Creates a page.
    public init(sightings: [Sighting], next: SightingCursor?) {
        self.sightings = sightings
        self.next = next
    }
}
