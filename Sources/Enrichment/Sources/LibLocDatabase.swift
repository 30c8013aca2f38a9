import CLoc
import DNSWire
import Foundation
import Synchronization

/// An IPFire libloc `location.db`, read through libloc's C API: origin AS, network,
/// country, flags (anycast, satellite, anonymous proxy, DROP) and AS names.
///
/// libloc objects are reference counted with plain (non-atomic) integers, and every
/// lookup takes a reference on the shared context, so concurrent lookups would race. All
/// calls into libloc therefore go through one `Mutex`; the handles never leave it.
public final class LibLocDatabase: NetworkSource {
    /// The Debian `libloc-database` location.
    public static let defaultPath = "/usr/share/libloc-location/location.db"

    /// `libloc`.
    public let name = "libloc"
    /// The file this was opened from.
    public let path: String
    private let handles: Mutex<Handles>

    /// The libloc context and database; released when the database is.
    private struct Handles: ~Copyable {
        let context: OpaquePointer
        let database: OpaquePointer
        /// AS names looked up so far (`nil`: the directory has none): lookups of a capture's
        /// addresses ask for the same few ASes again and again, and each `loc_database_get_as`
        /// searches the directory and copies the name. Bounded by the ASes in the database.
        var asNames: [UInt32: String?] = [:]

        mutating func asName(_ asn: UInt32) -> String? {
            if let known = asNames[asn] { return known }
            let name = LibLocDatabase.asName(asn, database)
            asNames[asn] = .some(name)
            return name
        }
        deinit {
            loc_database_unref(database)
            loc_unref(context)
        }
    }

    /// Opens `path`, first checking that every section the header names lies inside the file.
    public init(path: String = LibLocDatabase.defaultPath) throws(EnrichmentError) {
        try LibLocHeader.validate(path: path)
        var context: OpaquePointer?
        guard loc_new(&context) == 0, let context else {
            throw EnrichmentError(.unreadable, "cannot create a libloc context", path: path)
        }
        loc_set_log_priority(context, 3)  // LOG_ERR: keep libloc quiet on stderr
        guard let file = fopen(path, "r") else {
            loc_unref(context)
            throw EnrichmentError(.unreadable, "cannot open: \(String(cString: strerror(errno)))", path: path)
        }
        var database: OpaquePointer?
        let status = loc_database_new(context, &database, file)
        fclose(file)  // libloc keeps its own duplicate of the descriptor
        guard status == 0, let database else {
            loc_unref(context)
            throw EnrichmentError(.corrupt, "libloc cannot read the database (status \(status))", path: path)
        }
        self.path = path
        self.handles = Mutex(Handles(context: context, database: database))
    }

    /// The network containing `address`, or `nil` when the database has none.
    public func lookup(_ address: IPAddress) throws(EnrichmentError) -> NetworkInfo? {
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { bytes in
            switch address {
            case .v4(let a):  // libloc keeps IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d)
                bytes.copyBytes(from: IPv6Address(0xffff_0000_0000 | UInt128(a.value)).bytes)
            case .v6(let a):
                bytes.copyBytes(from: a.bytes)
            }
        }
        let result: Result<NetworkInfo?, EnrichmentError> = handles.withLock { handles in
            var network: OpaquePointer?
            let status = loc_database_lookup(handles.database, &raw, &network)
            guard let network else {
                if status < 0 {
                    return .failure(EnrichmentError(.corrupt, "lookup of \(address) failed (status \(status))", path: path))
                }
                return .success(nil)
            }
            defer { loc_network_unref(network) }
            return .success(info(address, network, &handles))
        }
        return try result.get()
    }

    /// The AS name from the database's AS directory.
    public func asName(for asn: UInt32) -> String? {
        handles.withLock { handles in handles.asName(asn) }
    }

    /// A network announced by an AS: its prefix and the country the database gives.
    public struct AnnouncedNetwork: Hashable, Sendable {
        /// The origin AS.
        public var asn: UInt32
        /// The network.
        public var prefix: IPPrefix
        /// The ISO 3166 country code, or `nil`.
        public var country: String?
    }

    /// Every network announced by the given ASes, in one pass over the database. Networks
    /// are flattened (`LOC_DB_ENUMERATOR_FLAGS_FLATTEN`): a more specific network of another
    /// AS is cut out, so every address of a returned network has the AS as its origin.
    public func networks(announcedBy asns: Set<UInt32>) throws(EnrichmentError) -> [UInt32: [AnnouncedNetwork]] {
        guard !asns.isEmpty else { return [:] }
        let result: Result<[UInt32: [AnnouncedNetwork]], EnrichmentError> = handles.withLock { h in
            var list: OpaquePointer?
            guard loc_as_list_new(h.context, &list) == 0, let list else {
                return .failure(EnrichmentError(.unreadable, "cannot create a libloc AS list", path: path))
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
                return .failure(EnrichmentError(.corrupt, "cannot enumerate the location database", path: path))
            }
            defer { loc_database_enumerator_unref(enumerator) }
            loc_database_enumerator_set_asns(enumerator, list)
            var found: [UInt32: [AnnouncedNetwork]] = [:]
            while true {
                var network: OpaquePointer?
                let status = loc_database_enumerator_next_network(enumerator, &network)
                guard status == 0 else {
                    return .failure(EnrichmentError(.corrupt, "enumerating networks failed (status \(status))", path: path))
                }
                guard let network else { break }
                defer { loc_network_unref(network) }
                if let prefix = LibLocDatabase.prefix(network) {
                    let asn = loc_network_get_asn(network)
                    found[asn, default: []].append(AnnouncedNetwork(asn: asn, prefix: prefix, country: LibLocDatabase.country(network)))
                }
            }
            return .success(found)
        }
        return try result.get()
    }

    /// A libloc network's prefix, built from the first address and length rather than
    /// `loc_network_str`, whose helper formats into a buffer shared by every libloc
    /// database in the process.
    private static func prefix(_ network: OpaquePointer) -> IPPrefix? {
        guard let first = loc_network_get_first_address(network),
              let v6 = withUnsafeBytes(of: first.pointee, { IPv6Address(bytes: $0) }) else { return nil }
        let length = Int(loc_network_prefix(network))
        // For IPv4 networks libloc stores a mapped address but reports an IPv4 length.
        if loc_network_address_family(network) == AF_INET, let v4 = v6.mappedIPv4 {
            return IPPrefix(address: .v4(v4), length: length)
        }
        return IPPrefix(address: .v6(v6), length: length)
    }

    /// A libloc network's country code, or `nil`.
    private static func country(_ network: OpaquePointer) -> String? {
        guard let code = loc_network_get_country_code(network), code.pointee != 0 else { return nil }
        return String(cString: code)
    }

    private func info(_ address: IPAddress, _ network: OpaquePointer, _ handles: inout Handles) -> NetworkInfo {
        var info = NetworkInfo(address: address, sources: [name])
        let asn = loc_network_get_asn(network)
        if asn != 0 {
            info.asn = asn
            info.asName = handles.asName(asn)
        }
        info.prefix = LibLocDatabase.prefix(network)
        info.country = LibLocDatabase.country(network)
        let flagMap: [(Int32, NetworkFlags)] = [
            (Int32(LOC_NETWORK_FLAG_ANYCAST.rawValue), .anycast),
            (Int32(LOC_NETWORK_FLAG_SATELLITE_PROVIDER.rawValue), .satellite),
            (Int32(LOC_NETWORK_FLAG_ANONYMOUS_PROXY.rawValue), .anonymousProxy),
            (Int32(LOC_NETWORK_FLAG_DROP.rawValue), .drop),
        ]
        for (bit, flag) in flagMap where loc_network_has_flag(network, UInt32(bit)) != 0 {
            info.flags.insert(flag)
        }
        return info
    }

    private static func asName(_ asn: UInt32, _ database: OpaquePointer) -> String? {
        var autonomousSystem: OpaquePointer?
        guard loc_database_get_as(database, &autonomousSystem, asn) == 0, let autonomousSystem else { return nil }
        defer { loc_as_unref(autonomousSystem) }
        guard let name = loc_as_get_name(autonomousSystem), name.pointee != 0 else { return nil }
        return String(cString: name)
    }
}
