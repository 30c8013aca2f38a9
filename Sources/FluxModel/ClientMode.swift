/// The privacy form client addresses were put in before storage (client addresses are
/// personal data). The caller applies the transformation; the store records which one was
/// used, so reports can say what a stored client string means.
public struct ClientMode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The mode's stored name.
    public var rawValue: String
    /// Creates a mode from its stored name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The stored name.
    public var description: String { rawValue }

    /// The address as seen.
    public static let keep = ClientMode(rawValue: "keep")
    /// A keyed hash of the address (hex).
    public static let hash = ClientMode(rawValue: "hash")
    /// The address truncated to a prefix (`/24` for IPv4, `/48` for IPv6).
    public static let truncate = ClientMode(rawValue: "truncate")
    /// Clients are not recorded at all.
    public static let drop = ClientMode(rawValue: "drop")
}
