import FluxModel

/// All sightings of a store as an async sequence, fetched page by page, so memory stays
/// bounded by the page size whatever the store holds. Ordered by owner name, so the
/// sightings of one name arrive together. Each page is its own read: rows written during a
/// scan may or may not be seen.
public struct SightingSequence: AsyncSequence, Sendable {
    /// Each element is one stored sighting.
    public typealias Element = Sighting

    let store: any ObservationStore
    let pageSize: Int

    /// Creates the sequence; prefer `ObservationStore.allSightings(pageSize:)`.
    public init(store: any ObservationStore, pageSize: Int) {
        self.store = store
        self.pageSize = Swift.max(1, pageSize)
    }

    /// Starts a scan from the first sighting.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(store: store, pageSize: pageSize)
    }

    /// Iterates page by page.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let store: any ObservationStore
        let pageSize: Int
        var buffer: [Sighting] = []
        var index = 0
        var cursor: SightingCursor?
        var finished = false

        /// The next sighting, fetching the next page when the current one is used up.
        public mutating func next() async throws -> Sighting? {
            while index == buffer.count {
                if finished { return nil }
                let page = try await store.sightingPage(after: cursor, limit: pageSize)
                buffer = page.sightings
                index = 0
                cursor = page.next
                finished = page.next == nil
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}
