import DNSWire
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking DNS client over POSIX sockets for tests: sends DNSWire-built queries
/// to a loopback port over UDP or TCP (two-octet framing) and parses the response.
enum LoopbackClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `query` over UDP and returns the parsed response.
    static func udp(_ query: Message, port: Int) throws -> Message {
        let fd = try open(SOCK_DGRAM, port: port)
        defer { close(fd) }
        let bytes = try query.serialize()
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw Failure(description: "send failed") }
        var buffer = [UInt8](repeating: 0, count: 65535)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { throw Failure(description: "no UDP response (errno \(errno))") }
        return try Message(wire: Array(buffer[..<n]))
    }

    /// Sends `query` over TCP and returns the parsed response.
    static func tcp(_ query: Message, port: Int) throws -> Message {
        let fd = try open(SOCK_STREAM, port: port)
        defer { close(fd) }
        let bytes = try query.serialize()
        let framed = [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes
        guard send(fd, framed, framed.count, 0) == framed.count else { throw Failure(description: "send failed") }
        let header = try read(fd, 2)
        return try Message(wire: try read(fd, Int(header[0]) << 8 | Int(header[1])))
    }

    private static func read(_ fd: Int32, _ count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: count)
        while out.count < count {
            let n = recv(fd, &buffer, count - out.count, 0)
            guard n > 0 else { throw Failure(description: "TCP stream ended after \(out.count) of \(count) octets") }
            out += buffer[..<n]
        }
        return out
    }

    private static func open(_ type: __socket_type, port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(type.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1 port \(port) failed (errno \(errno))")
        }
        return fd
    }
}
