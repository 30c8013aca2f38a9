import FluxModel

/// Gives dnstap events their `SourceID`s: one source per server `identity`, asked of the
/// resolver once and remembered.
public struct DnstapSources {
    private let resolver: SourceResolver
    private let fallbackName: String
    private var ids: [String: SourceID] = [:]

    /// Creates a table; `fallbackName` names the source of events without an identity
    /// (the file name, or the endpoint of a live stream).
    public init(fallbackName: String, resolver: @escaping SourceResolver) {
        self.resolver = resolver
        self.fallbackName = fallbackName
    }

    /// The source ID of `event`'s server.
    public mutating func id(for event: DnstapEvent) throws -> SourceID {
        if let id = ids[event.identity] { return id }
        let id = try resolver(event.source(fallbackName: fallbackName))
        ids[event.identity] = id
        return id
    }
}
