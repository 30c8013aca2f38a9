import CLoc
import DNSWire
import Foundation
import Synchronization

/// The IPFire location database (`location.db`), read through libloc's C API: the networks
/// each AS announces, and the origin AS of an address.
///
/// libloc objects are reference counted with plain integers and share one context, so two
/// threads calling into the same database would race. Every call therefore holds one
/// `Mutex`, and the C handles never leave it; that is what makes the class `Sendable`.
public final class LocationDatabase: Sendable {
    /// Where Debian's `libloc-database` package installs the database.
    public static let defaultPath = "/usr/share/libloc-location/location.db"

    /// The file the database was opened from.
    public let path: String
    private let handles: Mutex<Handles>

    private struct Handles: ~Copyable {
        let context: OpaquePointer
        let database: OpaquePointer
        deinit {
            loc_database_unref(database)
            loc_unref(context)
        }
    }

    /// Opens the database at `path`.
    public init(path: String = LocationDatabase.defaultPath) throws(LabError) {
        var context: OpaquePointer?
        guard loc_new(&context) == 0, let context else {
            throw LabError("cannot create a libloc context", path: path)
        }
        loc_set_log_priority(context, 3)  // LOG_ERR: keep libloc quiet on stderr
        guard let file = fopen(path, "r") else {
            loc_unref(context)
            throw LabError("cannot open the location database: \(String(cString: strerror(errno)))", path: path)
        }
        var database: OpaquePointer?
        let status = loc_database_new(context, &database, file)
        fclose(file)  // libloc keeps its own descriptor
        guard status == 0, let database else {
            loc_unref(context)
            throw LabError("libloc cannot read the location database (status \(status))", path: path)
        }
        self.path = path
        handles = Mutex(Handles(context: context, database: database))
    }

    /// Every network announced by the given ASes, in one pass over the database. Networks
    /// are flattened (`LOC_DB_ENUMERATOR_FLAGS_FLATTEN`): a more specific network of another
    /// AS is cut out, so every address of a returned network has the AS as its origin.
    public func networks(of asns: Set<UInt32>) throws(LabError) -> [UInt32: [LabNetwork]] {
        guard !asns.isEmpty else { return [:] }
        let result: Result<[UInt32: [LabNetwork]], LabError> = handles.withLock { h in
            var list: OpaquePointer?
            guard loc_as_list_new(h.context, &list) == 0, let list else {
                return .failure(LabError("cannot create a libloc AS list", path: path))
            }
            defer { loc_as_list_unref(list) }
            for asn in asns.sorted() {
                var autonomousSystem: OpaquePointer?
                guard loc_as_new(h.context, &autonomousSystem, asn) == 0, let autonomousSystem else { continue }
                loc_as_list_append(list, autonomousSystem)
                loc_as_unref(autonomousSystem)
            }
            var enumerator: OpaquePointer?
            let flags = Int32(LOC_DB_ENUMERATOR_FLAGS_FLATTEN.rawValue)
            guard loc_database_enumerator_new(&enumerator, h.database, LOC_DB_ENUMERATE_NETWORKS, flags) == 0,
                  let enumerator else {
                return .failure(LabError("cannot enumerate the location database", path: path))
            }
            defer { loc_database_enumerator_unref(enumerator) }
            loc_database_enumerator_set_asns(enumerator, list)
            var found: [UInt32: [LabNetwork]] = [:]
            while true {
                var network: OpaquePointer?
                let status = loc_database_enumerator_next_network(enumerator, &network)
                guard status == 0 else {
                    return .failure(LabError("enumerating networks failed (status \(status))", path: path))
                }
                guard let network else { break }
                defer { loc_network_unref(network) }
                if let converted = LocationDatabase.convert(network) {
                    found[converted.asn, default: []].append(converted)
                }
            }
            return .success(found)
        }
        return try result.get()
    }

    /// The network of the database that holds `address`, or `nil` if none does.
    public func lookup(_ address: IPAddress) -> LabNetwork? {
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { bytes in
            switch address {
            case .v4(let a):  // libloc keeps IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d)
                bytes.copyBytes(from: IPv6Address(0xFFFF_0000_0000 | UInt128(a.value)).bytes)
            case .v6(let a):
                bytes.copyBytes(from: a.bytes)
            }
        }
        return handles.withLock { h in
            var network: OpaquePointer?
            guard loc_database_lookup(h.database, &raw, &network) == 0, let network else { return nil }
            defer { loc_network_unref(network) }
            return LocationDatabase.convert(network)
        }
    }

    /// A libloc network as a value. Built from the first address and the length rather than
    /// `loc_network_str`, which formats into a buffer shared across the process.
    private static func convert(_ network: OpaquePointer) -> LabNetwork? {
        guard let firstPointer = loc_network_get_first_address(network),
              let v6 = withUnsafeBytes(of: firstPointer.pointee, { IPv6Address(bytes: $0) }) else { return nil }
        let length = Int(loc_network_prefix(network))
        let first: IPAddress
        // For IPv4 networks libloc stores a mapped address but reports an IPv4 length.
        if loc_network_address_family(network) == AF_INET, let v4 = v6.mappedIPv4 {
            first = .v4(v4)
        } else {
            first = .v6(v6)
        }
        var country = ""
        if let code = loc_network_get_country_code(network), code.pointee != 0 {
            country = String(cString: code)
        }
        return LabNetwork(asn: loc_network_get_asn(network), first: first, prefixLength: length, country: country)
    }
}
