import DNSWire
import Enrichment
import Synchronization

/// The announced networks of the ASes a world draws its addresses from, read once from
/// the location database and cached for the life of the process (per database path), so
/// that building several worlds (tests, the demo) enumerates the database once per AS.
public struct NetworkCatalog: Sendable {
    /// Networks by origin AS; an AS absent here had no networks in the database.
    public let networks: [UInt32: [LabNetwork]]
    /// The requested ASes the database has no networks for.
    public let missing: [UInt32]
    /// The location database the networks came from.
    public let database: LibLocDatabase

    /// Cached network lists: database path → AS → networks (empty when the AS is absent).
    private static let cache = Mutex<[String: [UInt32: [LabNetwork]]]>([:])
    /// Opened databases by path, shared by every catalog.
    private static let databases = Mutex<[String: LibLocDatabase]>([:])

    /// Loads the networks of `asns` from the database at `path`, enumerating only the ASes
    /// not cached yet.
    public static func load(asns: Set<UInt32>, databasePath path: String = LibLocDatabase.defaultPath)
        throws(LabError) -> NetworkCatalog
    {
        let database = try openDatabase(path)
        let known = cache.withLock { $0[path] ?? [:] }
        let wanted = asns.subtracting(known.keys)
        var merged = known
        if !wanted.isEmpty {
            let found: [UInt32: [LibLocDatabase.AnnouncedNetwork]]
            do { found = try database.networks(announcedBy: wanted) } catch { throw LabError(error.description, path: path) }
            for asn in wanted {
                merged[asn] = (found[asn] ?? []).map {
                    LabNetwork(asn: $0.asn, first: $0.prefix.address, prefixLength: Int($0.prefix.length), country: $0.country ?? "")
                }.sorted { ($0.first, $0.prefixLength) < ($1.first, $1.prefixLength) }
            }
            let update = merged
            cache.withLock { $0[path, default: [:]].merge(update) { old, _ in old } }
        }
        var networks: [UInt32: [LabNetwork]] = [:]
        var missing: [UInt32] = []
        for asn in asns.sorted() {
            if let list = merged[asn], !list.isEmpty { networks[asn] = list } else { missing.append(asn) }
        }
        return NetworkCatalog(networks: networks, missing: missing, database: database)
    }

    private static func openDatabase(_ path: String) throws(LabError) -> LibLocDatabase {
        if let open = databases.withLock({ $0[path] }) { return open }
        let database: LibLocDatabase
        do { database = try LibLocDatabase(path: path) } catch { throw LabError(error.description, path: path) }
        return databases.withLock { table in
            if let raced = table[path] { return raced }
            table[path] = database
            return database
        }
    }

    /// The networks of `asn` in one address family.
    public func networks(of asn: UInt32, v4: Bool) -> [LabNetwork] {
        (networks[asn] ?? []).filter { $0.isV4 == v4 }
    }

    /// The origin AS of `address` according to the database, or `nil`.
    public func originASN(of address: IPAddress) -> UInt32? {
        (try? database.lookup(address))??.asn
    }
}
