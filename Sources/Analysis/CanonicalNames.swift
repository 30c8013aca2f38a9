import DNSWire
import Store

/// The distinct owner names of a store's sightings in canonical order (RFC 4034 section 6.1),
/// handed out one at a time with memory that does not grow with the store: the store gives
/// its names in lower-case text order (`distinctNames`, page by page), and an
/// `ExternalSort` puts them in canonical order (`chunkSize` names sorted in memory at once;
/// more go through a temporary file, a length octet and the wire form per name).
final class CanonicalNames {
    private let sort: ExternalSort<DNSName>

    /// Names in the store.
    var count: Int { sort.count }

    /// Reads every distinct owner name of `store` (`pageSize` a page); `each` sees every name
    /// as it is read (in the store's order).
    init(_ store: any ObservationStore, pageSize: Int, chunkSize: Int, each: (DNSName) -> Void) async throws {
        sort = ExternalSort(chunkSize: chunkSize, by: <)
        var after: DNSName?
        while true {
            let page = try await store.distinctNames(after: after, limit: pageSize)
            for name in page {
                each(name)
                try sort.append(name)
            }
            guard page.count == pageSize, let last = page.last else { break }
            after = last
        }
    }

    /// The next name in canonical order, or `nil` after the last.
    func next() throws -> DNSName? { try sort.next() }
}
