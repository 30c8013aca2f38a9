/// A Frame Streams control frame (fstrm protocol, https://farsightsec.github.io/fstrm/):
/// its type and its CONTENT_TYPE fields.
///
/// On the wire a control frame is the escape (a zero 32-bit length), the control frame's
/// length, then the big-endian 32-bit control type and fields of (32-bit field type, 32-bit
/// length, bytes). All integers are big-endian.
public struct FrameStreamControl: Hashable, Sendable {
    /// The control frame types.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Receiver to sender: the content type it accepts (bidirectional mode).
        public static let accept = Kind(rawValue: 0x01)
        /// Sender: a stream of data frames begins.
        public static let start = Kind(rawValue: 0x02)
        /// Sender: the stream ends.
        public static let stop = Kind(rawValue: 0x03)
        /// Sender to receiver: the content types it offers (bidirectional mode).
        public static let ready = Kind(rawValue: 0x04)
        /// Receiver to sender: acknowledges STOP (bidirectional mode).
        public static let finish = Kind(rawValue: 0x05)

        public var description: String {
            switch self {
            case .accept: return "ACCEPT"
            case .start: return "START"
            case .stop: return "STOP"
            case .ready: return "READY"
            case .finish: return "FINISH"
            default: return "CONTROL\(rawValue)"
            }
        }
    }

    /// The control frame type.
    public var kind: Kind
    /// The CONTENT_TYPE fields, in order.
    public var contentTypes: [[UInt8]]

    /// Creates a control frame.
    public init(_ kind: Kind, contentTypes: [[UInt8]] = []) {
        self.kind = kind
        self.contentTypes = contentTypes
    }

    /// The content type of dnstap payloads.
    public static let dnstapContentType: [UInt8] = Array("protobuf:dnstap.Dnstap".utf8)
    /// The longest control frame accepted (fstrm's FSTRM_CONTROL_FRAME_LENGTH_MAX).
    public static let maxLength = 512
    /// The longest content type accepted (fstrm's FSTRM_CONTROL_FIELD_CONTENT_TYPE_LENGTH_MAX).
    public static let maxContentTypeLength = 256
    /// The field type of CONTENT_TYPE.
    static let contentTypeField: UInt32 = 0x01

    /// Whether the frame names the dnstap content type, or names none (START may leave it out).
    public var allowsDnstap: Bool {
        contentTypes.isEmpty || contentTypes.contains(FrameStreamControl.dnstapContentType)
    }

    /// The frame on the wire: escape, length, type, fields.
    public func encoded() -> [UInt8] {
        var body: [UInt8] = []
        FrameStreamControl.put(kind.rawValue, &body)
        for ct in contentTypes {
            FrameStreamControl.put(FrameStreamControl.contentTypeField, &body)
            FrameStreamControl.put(UInt32(ct.count), &body)
            body += ct
        }
        var out: [UInt8] = [0, 0, 0, 0]
        FrameStreamControl.put(UInt32(body.count), &out)
        return out + body
    }

    /// Parses a control frame's body (after the escape and the length).
    public static func parse(_ body: UnsafeRawBufferPointer) throws(DnstapError) -> FrameStreamControl {
        guard body.count >= 4 else {
            throw DnstapError(.badControl, "control frame of \(body.count) octets has no type")
        }
        guard body.count <= maxLength else {
            throw DnstapError(.badControl, "control frame of \(body.count) octets exceeds \(maxLength)")
        }
        var control = FrameStreamControl(Kind(rawValue: u32(body, 0)))
        var p = 4
        while p < body.count {
            guard body.count - p >= 8 else {
                throw DnstapError(.badControl, "control field header cut short at octet \(p) of \(body.count)")
            }
            let type = u32(body, p)
            let length = Int(u32(body, p + 4))
            p += 8
            guard length <= body.count - p else {
                throw DnstapError(.badControl, "control field of \(length) octets overruns the frame at octet \(p)")
            }
            if type == contentTypeField {
                guard length <= maxContentTypeLength else {
                    throw DnstapError(.badControl, "content type of \(length) octets exceeds \(maxContentTypeLength)")
                }
                control.contentTypes.append(Array(UnsafeRawBufferPointer(rebasing: body[p..<p + length])))
            }  // Other field types are skipped: the protocol may grow.
            p += length
        }
        return control
    }

    /// Reads a big-endian 32-bit integer at `offset` (which the caller has bounds-checked).
    static func u32(_ b: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(b[offset]) << 24 | UInt32(b[offset + 1]) << 16 | UInt32(b[offset + 2]) << 8 | UInt32(b[offset + 3])
    }

    static func put(_ v: UInt32, _ out: inout [UInt8]) {
        out += [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }
}
