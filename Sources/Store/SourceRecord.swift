import FluxModel

/// A registered source with its running totals.
public struct SourceRecord: Hashable, Sendable {
    /// The source's number in this store.
    public var id: SourceID
    /// The kind and name given at registration.
    public var source: Source
    /// The privacy form of client strings last used for this source; `nil` if never set.
    public var clientMode: ClientMode?
    /// Totals over every batch written for this source.
    public var counters: IngestCounters

    /// Creates a source record.
    public init(id: SourceID, source: Source, clientMode: ClientMode?, counters: IngestCounters) {
        self.id = id
        self.source = source
        self.clientMode = clientMode
        self.counters = counters
    }
}
