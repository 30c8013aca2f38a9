/// Splits a Frame Streams byte stream into frames, one at a time, without copying and
/// without trusting any length it reads. Stateless: the file reader and the network handler
/// keep their own state and call it on whatever bytes they have.
public struct FrameStreamParser: Sendable {
    /// What the bytes at the front of a buffer hold.
    public enum Item: Hashable, Sendable {
        /// A data frame; its payload is at this range of the buffer.
        case data(Range<Int>)
        /// A control frame.
        case control(FrameStreamControl)
        /// A data frame longer than `maxFrameLength`: only its 4-octet length was consumed, and
        /// the caller skips `length` payload octets (or gives up on the stream).
        case oversized(length: Int)
    }

    /// The default bound on a data frame: a dnstap message carries at most two DNS messages of
    /// 64 KiB each plus small fields, so 256 KiB leaves room and bounds memory per stream.
    public static let defaultMaxFrameLength = 256 * 1024

    /// The longest data frame accepted.
    public var maxFrameLength: Int

    /// Creates a parser.
    public init(maxFrameLength: Int = FrameStreamParser.defaultMaxFrameLength) {
        self.maxFrameLength = maxFrameLength
    }

    /// Parses the frame at the start of `bytes`.
    ///
    /// - Returns: The item and how many octets it took, or `nil` when `bytes` holds only part
    ///   of a frame (read more and call again with the same start).
    /// - Throws: `badControl` for a control frame that is too long or malformed.
    public func next(_ bytes: UnsafeRawBufferPointer) throws(DnstapError) -> (item: Item, consumed: Int)? {
        guard bytes.count >= 4 else { return nil }
        let length = Int(FrameStreamControl.u32(bytes, 0))
        if length > 0 {
            guard length <= maxFrameLength else { return (.oversized(length: length), 4) }
            guard bytes.count - 4 >= length else { return nil }
            return (.data(4..<4 + length), 4 + length)
        }
        // Escape: a control frame follows, with its own length.
        guard bytes.count >= 8 else { return nil }
        let controlLength = Int(FrameStreamControl.u32(bytes, 4))
        guard controlLength <= FrameStreamControl.maxLength else {
            throw DnstapError(.badControl, "control frame of \(controlLength) octets exceeds \(FrameStreamControl.maxLength)")
        }
        guard bytes.count - 8 >= controlLength else { return nil }
        let control = try FrameStreamControl.parse(UnsafeRawBufferPointer(rebasing: bytes[8..<8 + controlLength]))
        return (.control(control), 8 + controlLength)
    }

    /// How many octets the frame at the start of `bytes` needs in all, when its header is
    /// there; lets a reader know how much to wait for.
    public func frameLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4 else { return nil }
        let length = Int(FrameStreamControl.u32(bytes, 0))
        if length > 0 { return 4 + length }
        guard bytes.count >= 8 else { return nil }
        return 8 + Int(FrameStreamControl.u32(bytes, 4))
    }
}
