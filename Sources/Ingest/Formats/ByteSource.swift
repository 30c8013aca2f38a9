/// A stream of bytes a text reader pulls from: a file, a gzip stream over a file, or memory.
/// Sources are reference types: a reader holds one and it keeps its own position.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadError) -> Int
    /// Bytes taken from the underlying file so far (compressed bytes for gzip): what a
    /// progress bar compares with the file's size.
    var position: Int { get }
}

extension ByteSource {
    /// Reads into `array` from `offset` to its end (a typed-throws wrapper over the buffer call).
    func read(into array: inout [UInt8], from offset: Int = 0) throws(ReadError) -> Int {
        var result: Result<Int, ReadError> = .success(0)
        array.withUnsafeMutableBytes { b in
            result = Result { () throws(ReadError) -> Int in try self.read(into: UnsafeMutableRawBufferPointer(rebasing: b[offset...])) }
        }
        return try result.get()
    }
}
