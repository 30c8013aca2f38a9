import CMaxMindDB
import DNSWire
import Foundation

/// Reads the fields FluxScope uses from one MaxMind DB data record.
struct MaxMindRecord {
    /// A libmaxminddb status other than success or "no such key".
    struct Failure: Error { let code: Int32 }

    /// The record's entry in the data section.
    let entry: UnsafeMutablePointer<MMDB_entry_s>

    /// The record as a ``NetworkInfo`` (without the prefix, which the caller knows).
    func networkInfo(address: IPAddress, source: String) throws(Failure) -> NetworkInfo {
        var info = NetworkInfo(address: address, sources: [source])
        info.asn = try uint(["autonomous_system_number"])
        if info.asn == nil { info.asn = try uint(["traits", "autonomous_system_number"]) }
        info.asName = try string(["autonomous_system_organization"])
        if info.asName == nil { info.asName = try string(["traits", "autonomous_system_organization"]) }
        info.country = try string(["country", "iso_code"])
        if info.country == nil { info.country = try string(["registered_country", "iso_code"]) }
        let flags: [(String, NetworkFlags)] = [
            ("is_anycast", .anycast), ("is_satellite_provider", .satellite),
            ("is_anonymous_proxy", .anonymousProxy), ("is_hosting_provider", .hostingProvider),
        ]
        for (key, flag) in flags {
            let top = try bool([key])
            let traits = try bool(["traits", key])
            if top == true || traits == true { info.flags.insert(flag) }
        }
        return info
    }

    private func value(_ path: [String]) throws(Failure) -> MMDB_entry_data_s? {
        var data = MMDB_entry_data_s()
        let cStrings = path.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } } + [nil]
        let status = pointers.withUnsafeMutableBufferPointer { MMDB_aget_value(entry, &data, $0.baseAddress!) }
        if status == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR { return nil }
        guard status == MMDB_SUCCESS else { throw Failure(code: status) }
        return data.has_data ? data : nil
    }

    private func string(_ path: [String]) throws(Failure) -> String? {
        guard let data = try value(path), data.type == UInt32(MMDB_DATA_TYPE_UTF8_STRING),
              let bytes = data.utf8_string else { return nil }
        let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(data.data_size))
        let text = String(decoding: buffer, as: UTF8.self)
        return text.isEmpty ? nil : text
    }

    private func uint(_ path: [String]) throws(Failure) -> UInt32? {
        guard let data = try value(path) else { return nil }
        switch Int32(data.type) {
        case MMDB_DATA_TYPE_UINT16: return UInt32(data.uint16)
        case MMDB_DATA_TYPE_UINT32: return data.uint32
        case MMDB_DATA_TYPE_UINT64: return UInt32(exactly: data.uint64)
        case MMDB_DATA_TYPE_INT32: return UInt32(exactly: data.int32)
        default: return nil
        }
    }

    private func bool(_ path: [String]) throws(Failure) -> Bool? {
        guard let data = try value(path), Int32(data.type) == MMDB_DATA_TYPE_BOOLEAN else { return nil }
        return data.boolean
    }
}
