import Foundation

/// What tells one input file from another without reading it whole: its path, size,
/// modification time and a hash of its first and last MiB.
///
/// Two identities are the same input when size, mtime and hash agree; the path is kept for
/// people (a file moved or renamed is still the same input).
public struct FileIdentity: Hashable, Sendable {
    /// The path as given.
    public var path: String
    /// Size in bytes.
    public var size: Int64
    /// Modification time, seconds since the epoch.
    public var mtime: Double
    /// `fnv1a64:` and 16 hex digits: FNV-1a over the size, the first MiB and the last MiB.
    /// An identity check, not a security one.
    public var headTailHash: String

    /// How much of each end is hashed.
    public static let sampleSize = 1 << 20

    /// Creates an identity from known fields.
    public init(path: String, size: Int64, mtime: Double, headTailHash: String) {
        self.path = path
        self.size = size
        self.mtime = mtime
        self.headTailHash = headTailHash
    }

    /// Reads the identity of the file at `path`.
    public init(contentsOf path: String) throws(StoreError) {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            var hash = FNV1a64()
            withUnsafeBytes(of: size.littleEndian) { hash.add($0) }
            let head = try handle.read(upToCount: FileIdentity.sampleSize) ?? Data()
            head.withUnsafeBytes { hash.add($0) }  // not Data's iterator: a call per octet
            let tailStart = max(Int64(head.count), size - Int64(FileIdentity.sampleSize))
            if tailStart < size {
                try handle.seek(toOffset: UInt64(tailStart))
                let tail = try handle.read(upToCount: Int(size - tailStart)) ?? Data()
                tail.withUnsafeBytes { hash.add($0) }
            }
            self.init(path: path, size: size, mtime: mtime, headTailHash: "fnv1a64:" + hash.hex)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot identify \(path): \(error.localizedDescription)")
        }
    }
}

/// 64-bit FNV-1a.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for b in bytes {
            value ^= UInt64(b)
            value &*= 0x0000_0100_0000_01B3
        }
    }

    var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
