/// The flag bits and codes of the second header word (RFC 1035 section 4.1.1, RFC 4035
/// section 3.2 for AD and CD).
public struct HeaderFlags: Hashable, Sendable {
    /// The raw 16-bit word.
    public var rawValue: UInt16

    /// Creates flags from the raw header word.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    private func bit(_ mask: UInt16) -> Bool { rawValue & mask != 0 }
    private mutating func set(_ mask: UInt16, _ on: Bool) { rawValue = on ? rawValue | mask : rawValue & ~mask }

    /// QR: this message is a response.
    public var qr: Bool { get { bit(0x8000) } set { set(0x8000, newValue) } }
    /// The opcode.
    public var opcode: Opcode {
        get { Opcode(rawValue: UInt8((rawValue >> 11) & 0x0F)) }
        set { rawValue = rawValue & ~0x7800 | UInt16(newValue.rawValue) << 11 }
    }
    /// AA: authoritative answer.
    public var aa: Bool { get { bit(0x0400) } set { set(0x0400, newValue) } }
    /// TC: truncated.
    public var tc: Bool { get { bit(0x0200) } set { set(0x0200, newValue) } }
    /// RD: recursion desired.
    public var rd: Bool { get { bit(0x0100) } set { set(0x0100, newValue) } }
    /// RA: recursion available.
    public var ra: Bool { get { bit(0x0080) } set { set(0x0080, newValue) } }
    /// Z: the reserved bit, which must be zero.
    public var z: Bool { get { bit(0x0040) } set { set(0x0040, newValue) } }
    /// AD: authentic data.
    public var ad: Bool { get { bit(0x0020) } set { set(0x0020, newValue) } }
    /// CD: checking disabled.
    public var cd: Bool { get { bit(0x0010) } set { set(0x0010, newValue) } }
    /// The low four bits of the response code.
    public var rcodeLow: UInt8 {
        get { UInt8(rawValue & 0x000F) }
        set { rawValue = rawValue & ~0x000F | UInt16(newValue & 0x0F) }
    }

    /// The names of the set flag bits, in header order, as dig prints them.
    public var names: [String] {
        var out: [String] = []
        if qr { out.append("qr") }
        if aa { out.append("aa") }
        if tc { out.append("tc") }
        if rd { out.append("rd") }
        if ra { out.append("ra") }
        if z { out.append("z") }
        if ad { out.append("ad") }
        if cd { out.append("cd") }
        return out
    }
}
