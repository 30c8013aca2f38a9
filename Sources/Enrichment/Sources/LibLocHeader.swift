import Foundation

/// Checks a libloc database header before libloc sees the file. libloc 0.9.x maps each
/// section with `mmap` at the offsets and lengths the header gives, without comparing
/// them with the file size, so a truncated download would crash the process with SIGBUS
/// on first use. Layout from `libloc/format.h` (`loc_database_magic`,
/// `loc_database_header_v1`; integers big-endian).
struct LibLocHeader {
    /// Section extents, by name, as (offset, length).
    let sections: [(name: String, offset: UInt64, length: UInt64)]

    /// Size of magic (8) plus the v1 header (64 bytes of fields, two 2048-byte signatures,
    /// 32 bytes of padding).
    static let minimumSize = 8 + 64 + 2 * 2048 + 32

    /// Reads and validates the header of the file at `path`.
    static func validate(path: String) throws(EnrichmentError) {
        let size: UInt64
        let bytes: [UInt8]
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw EnrichmentError(.unreadable, "cannot open", path: path)
            }
            defer { try? handle.close() }
            bytes = Array(try handle.read(upToCount: minimumSize) ?? Data())
        } catch let error as EnrichmentError {
            throw error
        } catch {
            throw EnrichmentError(.unreadable, "cannot read: \(error.localizedDescription)", path: path)
        }
        guard bytes.starts(with: Array("LOCDBXX".utf8)) else {
            throw EnrichmentError(.unknownFormat, "no libloc magic LOCDBXX", path: path)
        }
        guard bytes.count >= 8 else { throw EnrichmentError(.truncated, "file ends inside the magic", path: path) }
        guard bytes[7] == 1 else {
            throw EnrichmentError(.corrupt, "unsupported libloc database version \(bytes[7])", path: path)
        }
        guard bytes.count == minimumSize else {
            throw EnrichmentError(.truncated, "file ends inside the header (\(bytes.count) of \(minimumSize) bytes)", path: path)
        }
        func u32(_ at: Int) -> UInt64 {
            UInt64(bytes[at]) << 24 | UInt64(bytes[at + 1]) << 16 | UInt64(bytes[at + 2]) << 8 | UInt64(bytes[at + 3])
        }
        // Offsets within the header struct, which starts at byte 8 after the magic.
        let sections: [(String, Int)] = [("AS", 20), ("network data", 28), ("network tree", 36),
                                         ("countries", 44), ("string pool", 52)]
        for (name, at) in sections {
            let offset = u32(8 + at), length = u32(8 + at + 4)
            guard offset + length <= size else {
                throw EnrichmentError(.truncated, "\(name) section ends at byte \(offset + length) but the file has \(size) bytes",
                                      path: path)
            }
        }
        // Node 0 is the tree root: an empty tree section cannot be searched.
        guard u32(8 + 40) >= 12 else { throw EnrichmentError(.corrupt, "empty network tree", path: path) }
    }
}
