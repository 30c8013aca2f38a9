#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a text file line by line with `getline(3)`, so that a file of a million names is
/// never held in memory at once. Not `Sendable`: one reader belongs to one thread.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    /// Opens `path`; `nil` when it cannot be opened (`errno` says why).
    init?(path: String) {
        guard let f = fopen(path, "r") else { return nil }
        file = f
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// The next line without its line terminator, or `nil` at the end of the file.
    func next() -> String? {
        let n = getline(&buffer, &capacity, file)
        guard n >= 0, let buffer else { return nil }
        var length = n
        while length > 0, buffer[length - 1] == 0x0A || buffer[length - 1] == 0x0D { length -= 1 }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
