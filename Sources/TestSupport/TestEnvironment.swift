import Foundation

/// Paths, ports and tools for tests that use real data and real servers on loopback.
public enum TestEnvironment {
    /// The package root (the folder with Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared/data` beside the package root.
    public static var sharedData: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data") }

    /// A file under `../shared/data`.
    public static func shared(_ relative: String) -> String { sharedData.appendingPathComponent(relative).path }

    /// The first of the candidates that exists and is executable.
    public static func tool(_ candidates: String...) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fluxscope-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A port on 127.0.0.1 free for both UDP and TCP at the time of asking.
    public static func freePort() -> UInt16 {
        for _ in 0..<50 {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(udp) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, len) } }
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(udp, $0, &len) } }
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(tcp) }
            let ok = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(tcp, $0, len) } }
            if ok == 0 { return UInt16(bigEndian: addr.sin_port) }
        }
        return 0
    }

    /// Runs a program to its end and returns its status and combined output.
    public static func run(_ path: String, _ arguments: [String], timeout: Double = 60) throws -> (status: Int32, output: String) {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let child = try ChildProcess(path, arguments, output: out)
        let status = child.wait(timeout: timeout) ?? { child.stop(grace: 1); return -1 }()
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return (status, text)
    }

    /// `run` for async tests: waits without holding a thread (`ChildProcess.exit(within:)`).
    public static func run(_ path: String, _ arguments: [String], timeout: Double = 60) async throws -> (status: Int32, output: String) {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let child = try ChildProcess(path, arguments, output: out)
        var status = await child.exit(within: timeout)
        if status == nil { child.stop(grace: 1); status = -1 }
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return (status ?? -1, text)
    }
}
