/// Where `fluxscope capture --dnstap` listens: a Unix socket path or a TCP address.
public enum DnstapEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// A Unix domain socket at this path (Unbound's `dnstap-socket-path`).
    case unix(path: String)
    /// A TCP address (Unbound's `dnstap-ip`, with `dnstap-tls: no`).
    case tcp(host: String, port: Int)

    /// Parses `unix:PATH`, `tcp:HOST:PORT` or `tcp:[IPV6]:PORT`; `nil` for anything else.
    public init?(_ text: String) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { return nil }
            self = .unix(path: path)
        } else if text.hasPrefix("tcp:") {
            let rest = text.dropFirst(4)
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                  (0...65535).contains(port) else { return nil }
            var host = rest[..<colon]
            if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
            guard !host.isEmpty else { return nil }
            self = .tcp(host: String(host), port: port)
        } else {
            return nil
        }
    }

    /// The text form accepted by `init?(_:)`.
    public var description: String {
        switch self {
        case .unix(let path): return "unix:\(path)"
        case .tcp(let host, let port): return host.contains(":") ? "tcp:[\(host)]:\(port)" : "tcp:\(host):\(port)"
        }
    }
}
