import DNSWire
import Foundation

/// A DNS server process (nsd or unbound) in the foreground, in a throwaway directory,
/// stopped by `stop()` (call it in a `defer`, so it runs when a test fails too).
final class ServerProcess {
    let directory: URL
    let host: String
    let port: Int
    private let process: Process

    /// Finds an executable in the usual system directories.
    static func which(_ name: String) -> String? {
        for dir in ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"] {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static var haveNSD: Bool { which("nsd") != nil }
    static var haveUnbound: Bool { which("unbound") != nil }

    init(executable: String, arguments: [String], directory: URL, host: String, port: Int) throws {
        self.directory = directory
        self.host = host
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: directory.appendingPathComponent("stderr.log").path)
        try process.run()
    }

    /// Waits until the server answers a query for `probe` (any rcode), up to 5 s.
    func waitUntilAnswering(_ probe: String) throws {
        let query = try Message(id: 7, questions: [Question(name: try DNSName(probe), type: .soa)]).serialize()
        for _ in 0..<100 {
            guard process.isRunning else { throw TestServerError.exited(log) }
            if Loopback.exchange(query, host: host, port: port, timeoutMs: 50) != nil { return }
            usleep(50_000)
        }
        throw TestServerError.notAnswering(log)
    }

    /// Sends a signal (SIGHUP makes nsd reload its zones).
    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Stops the server and removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
    }

    static func makeDirectory(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

enum TestServerError: Error {
    case exited(String)
    case notAnswering(String)
}
