import FluxModel

/// A bearer token allowed to call the server's write endpoints. Only the SHA-256 of the
/// token is stored: the token itself is shown once, when it is created.
public struct APIToken: Hashable, Sendable {
    /// A short public identifier (shown in listings and logs, never enough to authenticate).
    public var id: String
    /// What the token is for, as its creator named it.
    public var name: String
    /// The SHA-256 of the token, 64 lower-case hex digits.
    public var sha256: String
    /// When it was created.
    public var createdAt: Timestamp

    /// Creates a token record.
    public init(id: String, name: String, sha256: String, createdAt: Timestamp) {
        self.id = id
        self.name = name
        self.sha256 = sha256
        self.createdAt = createdAt
    }
}
