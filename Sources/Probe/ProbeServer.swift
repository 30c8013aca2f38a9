import DNSWire
import NIOCore

/// A DNS server the prober asks: an IP address literal and a port.
///
/// Only address literals are accepted, never host names: resolving a server's name would
/// itself be a DNS query to some resolver the user did not choose.
public struct ProbeServer: Hashable, Sendable, CustomStringConvertible {
    /// The server's address.
    public var address: IPAddress
    /// The UDP and TCP port (53 unless told).
    public var port: Int

    /// Creates a server.
    public init(address: IPAddress, port: Int = 53) {
        self.address = address
        self.port = port
    }

    /// Parses `HOST`, `HOST:PORT`, `[V6]` or `[V6]:PORT`, where HOST is an IPv4 or IPv6
    /// literal; `nil` when the text is none of those or the port is out of range.
    public init?(_ text: some StringProtocol, defaultPort: Int = 53) {
        let s = String(text)
        var host = s
        var port = defaultPort
        if s.hasPrefix("[") {
            guard let close = s.firstIndex(of: "]") else { return nil }
            host = String(s[s.index(after: s.startIndex)..<close])
            let rest = s[s.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else { return nil }
                port = p
            }
        } else if s.filter({ $0 == ":" }).count == 1, let colon = s.firstIndex(of: ":") {
            host = String(s[..<colon])
            guard let p = Int(s[s.index(after: colon)...]) else { return nil }
            port = p
        }
        guard (1...65535).contains(port), let address = IPAddress(host) else { return nil }
        self.init(address: address, port: port)
    }

    /// `127.0.0.1:53` or `[::1]:53`.
    public var description: String {
        address.isV4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }

    /// The NIO socket address.
    func socketAddress() throws -> SocketAddress {
        try SocketAddress(ipAddress: address.description, port: port)
    }
}
