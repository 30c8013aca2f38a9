import Foundation
import TestSupport
@testable import Ingest
#if canImport(Glibc)
import Glibc
#endif

/// What a live test's server delivered, gathered across connections.
actor DnstapInbox {
    private(set) var inputs: [DnstapInput] = []

    func add(_ input: DnstapInput) { inputs.append(input) }

    var events: [DnstapEvent] {
        inputs.compactMap { if case .event(let e, _) = $0 { return e } else { return nil } }
    }
    var problems: [DnstapError] {
        inputs.compactMap { if case .problem(let p, _) = $0 { return p } else { return nil } }
    }
    var disconnections: Int {
        inputs.filter { if case .disconnected = $0 { return true } else { return false } }.count
    }

    /// Waits until `done` holds, for at most `seconds` of this waiter's running time
    /// (`eventually`: time in which the pool starved it does not count).
    func wait(seconds: Double = 180, until done: @Sendable (DnstapInbox) async -> Bool) async -> Bool {
        await eventually(within: seconds) { await done(self) }
    }
}

/// A temporary directory, removed by `remove()`.
struct TempDir {
    let path: String
    init() throws {
        var template = Array("\(NSTemporaryDirectory())/fluxscope-dnstap-XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: p)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A blocking Frame Streams sender over a Unix socket, written from the fstrm protocol
/// description, to drive the server byte by byte.
struct RawUnixClient {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { dst in
            for (i, b) in path.utf8.prefix(dst.count - 1).enumerated() { dst[i] = b }
        }
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard ok == 0 else { _ = Glibc.close(fd); throw POSIXError(.ECONNREFUSED) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            off += n
        }
    }

    /// Reads until `count` octets arrived, the peer closed, or 5 s passed.
    func receive(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while out.count < count {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, count - out.count), 0) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }

    /// True when the peer has closed (recv returns 0).
    func peerClosed() -> Bool {
        var b: UInt8 = 0
        return recv(fd, &b, 1, 0) == 0
    }

    func close() { _ = Glibc.close(fd) }
}
