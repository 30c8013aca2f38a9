import Foundation
import Synchronization

/// PostgreSQL (Debian `postgresql`) for tests: `initdb` into a temporary directory, the
/// server on 127.0.0.1 at a free port with its unix socket in that directory, stopped (fast
/// shutdown) and removed by `stop()` or, at the latest, when the test process ends. Each test takes a database of its own
/// (`createDatabase()`), so tests sharing one server stay independent.
///
/// initdb and postgres refuse to run as root: as root, both run as the `postgres` user
/// (`runuser`), and the directory is handed to that user.
public final class PostgresServer: Sendable {
    public let port: UInt16
    public let directory: URL
    private let bin: String
    private let process: ChildProcess
    private let names = Mutex(0)

    /// Starts a server and waits until it accepts connections.
    public init() throws {
        guard let bin = PostgresServer.binDirectory() else {
            throw PostgresServer.error("PostgreSQL is not installed (scripts/setup.sh installs Debian's postgresql)")
        }
        self.bin = bin
        directory = try TestEnvironment.temporaryDirectory()
        port = TestEnvironment.freePort()
        let data = directory.appendingPathComponent("data").path
        let asRoot = getuid() == 0
        if asRoot {
            let chown = try TestEnvironment.run("/bin/chown", ["-R", "postgres:postgres", directory.path])
            guard chown.status == 0 else { throw PostgresServer.error("chown: \(chown.output)") }
            chmod(directory.path, 0o755)
        }
        let initdb = try TestEnvironment.run(PostgresServer.runner(asRoot).0, PostgresServer.runner(asRoot).1 + [
            "\(bin)/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
        ], timeout: 180)
        guard initdb.status == 0 else { throw PostgresServer.error("initdb failed: \(initdb.output)") }
        let (launcher, prefix) = PostgresServer.runner(asRoot)
        // Durability off (a test server): fsync, full-page writes and synchronous commit.
        let server = ([launcher] + prefix + [
            "\(bin)/postgres", "-D", data, "-h", "127.0.0.1", "-p", String(port), "-k", directory.path,
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200", "-c", "shared_buffers=128MB",
        ]).map { "'\($0)'" }.joined(separator: " ")
        // A watchdog shell: when the test process is gone (ended, killed, crashed), fast
        // shutdown of the postmaster and the directory removed, so no server outlives its tests.
        let script = """
            \(server) & child=$!
            while kill -0 \(getpid()) 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
            pid=$(head -1 '\(data)/postmaster.pid' 2>/dev/null) && kill -INT "$pid" 2>/dev/null
            wait $child
            rm -rf '\(directory.path)'
            """
        process = try ChildProcess("/bin/sh", ["-c", script], output: directory.appendingPathComponent("postgres.log").path)
        try waitUntilReady()
    }

    /// The URL of database `name` on this server, as `--db` takes it.
    public func url(database name: String) -> String { "postgres://postgres@127.0.0.1:\(port)/\(name)" }

    /// Creates a fresh, empty database and returns its name.
    public func createDatabase() async throws -> String {
        let n = names.withLock { n in n += 1; return n }
        let name = "test_\(getpid())_\(n)"
        try await psql("CREATE DATABASE \(name)")
        return name
    }

    /// Drops a database (closing its connections).
    public func dropDatabase(_ name: String) async {
        _ = try? await psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one SQL command as the superuser on database `postgres`; returns psql's output.
    /// Waits as a task (a test blocking a thread of the small cooperative pool here could
    /// starve the tasks that finish the server's other sessions).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") async throws -> String {
        let r = try await TestEnvironment.run("\(bin)/psql", [
            "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-X", "-q", "-A", "-t",
            "-v", "ON_ERROR_STOP=1", "-c", sql,
        ], timeout: 300)
        guard r.status == 0 else { throw PostgresServer.error("psql '\(sql)': \(r.output)") }
        return r.output
    }

    /// Fast shutdown (SIGINT to the postmaster: sessions are ended), then removes the directory.
    public func stop() {
        if let text = try? String(contentsOf: directory.appendingPathComponent("data/postmaster.pid"), encoding: .utf8),
           let line = text.split(separator: "\n").first, let pid = pid_t(line) {
            kill(pid, SIGINT)
            for _ in 0..<200 where kill(pid, 0) == 0 { usleep(50_000) }
        }
        process.stop(grace: 5)
        try? FileManager.default.removeItem(at: directory)
    }

    private func waitUntilReady() throws {
        for _ in 0..<600 {
            if !process.isRunning { break }
            let r = try TestEnvironment.run("\(bin)/pg_isready", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"], timeout: 10)
            if r.status == 0 { return }
            usleep(100_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("postgres.log"), encoding: .utf8)) ?? ""
        process.stop(grace: 1)
        throw PostgresServer.error("postgres did not start: \(log)")
    }

    /// The newest `/usr/lib/postgresql/N/bin` with initdb in it.
    static func binDirectory() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        return versions.map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    /// How to start a server program: as is, or as root through `runuser -u postgres --`.
    static func runner(_ asRoot: Bool) -> (String, [String]) {
        guard asRoot, let runuser = TestEnvironment.tool("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser") else {
            return ("/usr/bin/env", [])
        }
        return (runuser, ["-u", "postgres", "--"])
    }

    static func error(_ text: String) -> NSError {
        NSError(domain: "PostgresServer", code: 1, userInfo: [NSLocalizedDescriptionKey: text])
    }

    // MARK: One server per test process

    private static let sharedServer = Mutex<Task<PostgresServer, any Error>?>(nil)

    /// The server this test process shares, started on first use (initdb and the start
    /// run on a thread outside Swift's cooperative pool); it stops when the process ends.
    public static func shared() async throws -> PostgresServer {
        let task = sharedServer.withLock { state in
            if let state { return state }
            let started = Task { try await offPool { try PostgresServer() } }
            state = started
            return started
        }
        return try await task.value
    }
}
