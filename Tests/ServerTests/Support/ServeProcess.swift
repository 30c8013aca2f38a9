import Foundation
import TestSupport

/// `fluxscope serve` started as a child process (with a clean signal mask, so SIGTERM
/// reaches it), on a free port, over a store in a temporary directory.
final class ServeProcess {
    let port: Int
    let directory: URL
    let database: String
    let log: String
    private let process: ChildProcess

    /// The debug binary `swift build` made.
    static var binary: String { TestEnvironment.packageRoot.appendingPathComponent(".build/debug/fluxscope").path }

    /// Starts the server with `arguments` after `serve --db ... --port ...`, and waits until
    /// `/api/v1/status` answers.
    init(directory: URL, database: String? = nil, arguments: [String]) throws {
        self.directory = directory
        self.database = database ?? "sqlite:" + directory.appendingPathComponent("serve.sqlite").path
        log = directory.appendingPathComponent("serve.log").path
        port = Int(TestEnvironment.freePort())
        process = try ChildProcess(Self.binary, ["serve", "--db", self.database, "--port", "\(port)"] + arguments, output: log)
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            if HTTPProbe.request("GET", "/api/v1/status", port: port)?.status == 200 { return }
            if !process.isRunning { break }
            usleep(200_000)
        }
        process.stop()
        throw NSError(domain: "ServeProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: "fluxscope serve did not start: \(logText)"])
    }

    var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// SIGTERM, then the exit status (nil if it had to be killed).
    func terminate(grace: Double = 25) -> Int32? {
        kill(process.pid, SIGTERM)
        let status = process.wait(timeout: grace)
        process.stop(grace: 1)
        return status
    }

    /// Starts the server off the cooperative pool (it waits for the server to answer).
    static func start(directory: URL, database: String? = nil, arguments: [String]) async throws -> ServeProcess {
        try await offPool { try UncheckedBox(ServeProcess(directory: directory, database: database, arguments: arguments)) }.value
    }

    /// `terminate` off the cooperative pool.
    func stop(grace: Double = 25) async -> Int32? {
        let box = UncheckedBox(self)
        return (try? await offPool { box.value.terminate(grace: grace) }) ?? nil
    }

    /// Runs `fluxscope ARGS` to the end off the cooperative pool and returns its output.
    static func output(_ arguments: [String], in directory: URL) async throws -> String {
        try await offPool { try run(arguments, in: directory) }
    }

    /// Runs `fluxscope ARGS` to the end and returns its output.
    static func run(_ arguments: [String], in directory: URL) throws -> String {
        let out = directory.appendingPathComponent("cmd-\(UUID().uuidString).log").path
        let child = try ChildProcess(binary, arguments, output: out)
        _ = child.wait(timeout: 60)
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }
}

/// Carries a test helper object across the thread hop of `offPool`.
/// Safe because the test that owns the object waits for the hop to finish before it uses
/// the object again, so it is never used from two threads at once.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
