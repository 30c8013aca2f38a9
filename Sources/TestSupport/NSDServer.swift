import Foundation

/// NSD (Debian `nsd`) serving zones on 127.0.0.1 from a temporary directory, for tests.
public final class NSDServer: Sendable {
    public let port: UInt16
    public let directory: URL
    private let process: ChildProcess

    /// Starts NSD with `zones` (apex name -> zone file text) and waits until it answers.
    public init(zones: [String: String]) throws {
        guard let nsd = TestEnvironment.tool("/usr/sbin/nsd") else {
            throw NSError(domain: "NSDServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "nsd is not installed (scripts/setup.sh installs it)"])
        }
        directory = try TestEnvironment.temporaryDirectory()
        port = TestEnvironment.freePort()
        var conf = """
            server:
              ip-address: 127.0.0.1
              port: \(port)
              zonesdir: "\(directory.path)"
              pidfile: "\(directory.path)/nsd.pid"
              database: ""
              zonelistfile: "\(directory.path)/zone.list"
              xfrdfile: "\(directory.path)/xfrd.state"
              xfrdir: "\(directory.path)"
              username: ""
              logfile: "\(directory.path)/nsd.log"
              server-count: 1
              verbosity: 1
            remote-control:
              control-enable: no

            """
        for (apex, text) in zones.sorted(by: { $0.key < $1.key }) {
            let file = apex.trimmingCharacters(in: CharacterSet(charactersIn: ".")) + ".zone"
            try text.write(to: directory.appendingPathComponent(file), atomically: true, encoding: .utf8)
            conf += "zone:\n  name: \(apex)\n  zonefile: \(file)\n"
        }
        let confPath = directory.appendingPathComponent("nsd.conf").path
        try conf.write(toFile: confPath, atomically: true, encoding: .utf8)
        process = try ChildProcess(nsd, ["-d", "-c", confPath], output: directory.appendingPathComponent("nsd.out").path)
        try waitUntilListening()
    }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            if !process.isRunning { break }
            if TestEnvironment.udpPortAnswers(port) { return }
            usleep(50_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("nsd.out"), encoding: .utf8)) ?? ""
        throw NSError(domain: "NSDServer", code: 2, userInfo: [NSLocalizedDescriptionKey: "nsd did not start: \(log)"])
    }

    /// Stops the server and removes its directory.
    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

extension TestEnvironment {
    /// True when something answers a DNS query for `.` SOA on 127.0.0.1:`port` over UDP.
    public static func udpPortAnswers(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = port.bigEndian
        // ID 0x4242, RD=0, one question: ". SOA IN".
        let query: [UInt8] = [0x42, 0x42, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1]
        let sent = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard sent == query.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 512)
        return recv(fd, &buffer, buffer.count, 0) >= 12 && buffer[0] == 0x42 && buffer[1] == 0x42
    }
}
