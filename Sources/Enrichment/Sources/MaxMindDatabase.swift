import CMaxMindDB
import DNSWire
import Foundation
import Synchronization

/// A MaxMind DB (`.mmdb`) read through libmaxminddb. Understands the GeoLite2/GeoIP2 ASN,
/// ISP, Country, City, Enterprise and Anonymous-IP record shapes: it takes
/// `autonomous_system_number`/`_organization` (top level or under `traits`),
/// `country.iso_code` (else `registered_country.iso_code`) and the `is_anycast`,
/// `is_satellite_provider`, `is_anonymous_proxy`, `is_hosting_provider` booleans.
///
/// All libmaxminddb calls go through one `Mutex` that owns the `MMDB_s`, so the handle is
/// never shared unsynchronised between tasks.
public final class MaxMindDatabase: NetworkSource {
    /// `mmdb:` and the database type from the metadata (e.g. `mmdb:GeoLite2-ASN`).
    public let name: String
    /// The file this was opened from.
    public let path: String
    /// The metadata's `database_type`.
    public let databaseType: String
    private let handle: Mutex<Handle>

    private struct Handle: ~Copyable {
        let mmdb: UnsafeMutablePointer<MMDB_s>
        deinit {
            MMDB_close(mmdb)
            mmdb.deallocate()
        }
    }

    /// Opens `path` (memory-mapped). A missing file, bad metadata or a corrupt search tree
    /// is an error naming the file.
    public init(path: String) throws(EnrichmentError) {
        let mmdb = UnsafeMutablePointer<MMDB_s>.allocate(capacity: 1)
        mmdb.initialize(to: MMDB_s())
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), mmdb)
        guard status == MMDB_SUCCESS else {
            mmdb.deallocate()
            let code: EnrichmentError.Code = status == MMDB_FILE_OPEN_ERROR || status == MMDB_IO_ERROR ? .unreadable : .corrupt
            throw EnrichmentError(code, "libmaxminddb: \(String(cString: MMDB_strerror(status)))", path: path)
        }
        let type = mmdb.pointee.metadata.database_type.map { String(cString: $0) } ?? "unknown"
        self.path = path
        self.databaseType = type
        self.name = "mmdb:\(type)"
        self.handle = Mutex(Handle(mmdb: mmdb))
    }

    /// The record for `address`, or `nil` when the database has none (or cannot hold the
    /// address: IPv6 in an IPv4-only database).
    public func lookup(_ address: IPAddress) throws(EnrichmentError) -> NetworkInfo? {
        let outcome: Result<NetworkInfo?, EnrichmentError> = handle.withLock { handle in
            var status: Int32 = MMDB_SUCCESS
            var result = MaxMindDatabase.lookupSockaddr(handle.mmdb, address, &status)
            if status == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR { return .success(nil) }
            guard status == MMDB_SUCCESS else { return .failure(failure(status, address)) }
            guard result.found_entry else { return .success(nil) }
            var length = Int(result.netmask)
            // IPv4 lookups in an IPv6 tree start at ::/96; the netmask counts those bits.
            if address.isV4, handle.mmdb.pointee.metadata.ip_version == 6 { length -= 96 }
            let prefix = IPPrefix(address: address, length: length)
            return withUnsafeMutablePointer(to: &result.entry) { entry in
                do throws(MaxMindRecord.Failure) {
                    var info = try MaxMindRecord(entry: entry).networkInfo(address: address, source: name)
                    info.prefix = prefix
                    return .success(info)
                } catch {
                    return .failure(failure(error.code, address))
                }
            }
        }
        return try outcome.get()
    }

    private func failure(_ status: Int32, _ address: IPAddress) -> EnrichmentError {
        EnrichmentError(.corrupt, "libmaxminddb, looking up \(address): \(String(cString: MMDB_strerror(status)))", path: path)
    }

    private static func lookupSockaddr(_ mmdb: UnsafeMutablePointer<MMDB_s>, _ address: IPAddress,
                                       _ status: inout Int32) -> MMDB_lookup_result_s {
        switch address {
        case .v4(let a):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_addr.s_addr = a.value.bigEndian
            return withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(mmdb, $0, &status) }
            }
        case .v6(let a):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: a.bytes) }
            return withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(mmdb, $0, &status) }
            }
        }
    }
}
