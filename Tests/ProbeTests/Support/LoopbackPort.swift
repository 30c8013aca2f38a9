#if canImport(Glibc)
import Glibc
#endif

/// Free ports and blocking one-shot DNS exchanges on loopback, with plain sockets.
enum Loopback {
    /// A port free for both UDP and TCP on every address in `hosts` (at the moment of asking).
    static func freePort(hosts: [String] = ["127.0.0.1"]) -> Int {
        for _ in 0..<50 {
            let port = Int.random(in: 20000...60000)
            if hosts.allSatisfy({ canBind($0, port, SOCK_DGRAM) && canBind($0, port, SOCK_STREAM) }) { return port }
        }
        fatalError("no free loopback port found")
    }

    private static func canBind(_ host: String, _ port: Int, _ type: __socket_type) -> Bool {
        let fd = socket(AF_INET, Int32(type.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Sends `query` over UDP and waits up to `timeoutMs` for one answer.
    static func exchange(_ query: [UInt8], host: String, port: Int, timeoutMs: Int32 = 200) -> [UInt8]? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        let sent = query.withUnsafeBytes { q in
            withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, q.baseAddress, q.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard sent == query.count else { return nil }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, timeoutMs) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Array(buffer[..<n]) : nil
    }
}
