/// Where in the DNS resolution chain a dnstap message was seen (`dnstap.Message.Type`): an
/// open set, so a type added to the schema later still reads.
public struct DnstapMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A query received by an authoritative server.
    public static let authQuery = DnstapMessageType(rawValue: 1)
    /// A response sent by an authoritative server.
    public static let authResponse = DnstapMessageType(rawValue: 2)
    /// A query sent by a recursive resolver to an authority.
    public static let resolverQuery = DnstapMessageType(rawValue: 3)
    /// A response received by a recursive resolver from an authority.
    public static let resolverResponse = DnstapMessageType(rawValue: 4)
    /// A query received by a resolver from a client.
    public static let clientQuery = DnstapMessageType(rawValue: 5)
    /// A response sent by a resolver to a client.
    public static let clientResponse = DnstapMessageType(rawValue: 6)
    /// A query sent by a forwarder upstream.
    public static let forwarderQuery = DnstapMessageType(rawValue: 7)
    /// A response received by a forwarder.
    public static let forwarderResponse = DnstapMessageType(rawValue: 8)
    /// A query sent by a stub resolver.
    public static let stubQuery = DnstapMessageType(rawValue: 9)
    /// A response received by a stub resolver.
    public static let stubResponse = DnstapMessageType(rawValue: 10)
    /// A query sent by a tool.
    public static let toolQuery = DnstapMessageType(rawValue: 11)
    /// A response received by a tool.
    public static let toolResponse = DnstapMessageType(rawValue: 12)
    /// A dynamic update received.
    public static let updateQuery = DnstapMessageType(rawValue: 13)
    /// The response to a dynamic update.
    public static let updateResponse = DnstapMessageType(rawValue: 14)

    /// Responses have even numbers in the schema, queries odd ones.
    public var isResponse: Bool { rawValue % 2 == 0 }

    private static let names = [
        "", "AUTH_QUERY", "AUTH_RESPONSE", "RESOLVER_QUERY", "RESOLVER_RESPONSE", "CLIENT_QUERY",
        "CLIENT_RESPONSE", "FORWARDER_QUERY", "FORWARDER_RESPONSE", "STUB_QUERY", "STUB_RESPONSE",
        "TOOL_QUERY", "TOOL_RESPONSE", "UPDATE_QUERY", "UPDATE_RESPONSE",
    ]

    /// The schema's name (`CLIENT_RESPONSE`), or `TYPE<n>` when unknown.
    public var description: String {
        (1..<DnstapMessageType.names.count).contains(rawValue) ? DnstapMessageType.names[rawValue] : "TYPE\(rawValue)"
    }

    /// Parses a schema name (`CLIENT_RESPONSE`, case-insensitive) or `TYPE<n>`.
    public init?(name: some StringProtocol) {
        let upper = name.uppercased()
        if let i = DnstapMessageType.names.firstIndex(of: upper), i > 0 {
            rawValue = i
        } else if upper.hasPrefix("TYPE"), let n = Int(upper.dropFirst(4)), n > 0 {
            rawValue = n
        } else {
            return nil
        }
    }
}
