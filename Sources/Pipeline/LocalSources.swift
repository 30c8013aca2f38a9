import FluxModel

/// Source numbers for a producer that cannot ask the store synchronously (a reading thread,
/// a live stream, the prober): sources are numbered 1, 2, ... in order of first sight, and
/// the new ones travel with the next batch to `StoreBatchWriter`, which registers them and
/// renumbers the batch. Not `Sendable`: it belongs to the one thread or actor that produces.
public final class LocalSources {
    private var ids: [Source: SourceID] = [:]
    private var names: [SourceID: String] = [:]
    private var fresh: [SourceID: Source] = [:]

    /// An empty table.
    public init() {}

    /// The local number of `source`, assigned on first sight.
    public func id(for source: Source) -> SourceID {
        if let id = ids[source] { return id }
        let id = SourceID(ids.count + 1)
        ids[source] = id
        names[id] = source.name
        fresh[id] = source
        return id
    }

    /// The name of a local source (`?` if unknown).
    public func name(_ id: SourceID) -> String { names[id] ?? "?" }

    /// The sources numbered since the last call.
    public func takeNew() -> [SourceID: Source] {
        defer { fresh.removeAll() }
        return fresh
    }
}
