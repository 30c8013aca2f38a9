import DNSWire
import Foundation

/// A DNS server process (nsd or unbound) in the foreground, in a throwaway directory,
/// stopped by `stop()` (call it in a `defer`, so it runs when a test fails too).
final class ServerProcess {
    let directory: URL
    let host: String
    let port: Int
    private let pid: pid_t

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

    /// Spawns `executable` with an empty signal mask and default handlers (Foundation's
    /// `Process` passes on the blocked mask of the spawning thread, so the server would
    /// ignore SIGTERM and SIGHUP), its output going to `stderr.log` in `directory`.
    init(executable: String, arguments: [String], directory: URL, host: String, port: Int) throws {
        self.directory = directory
        self.host = host
        self.port = port
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let log = directory.appendingPathComponent("stderr.log").path
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attr, argv, environ)
        guard rc == 0 else { throw TestServerError.exited("posix_spawn \(executable) failed: \(rc)") }
        pid = child
    }

    /// True while the process has not exited.
    var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Waits until the server answers a query for `probe` (any rcode), up to 5 s.
    func waitUntilAnswering(_ probe: String) throws {
        let query = try Message(id: 7, questions: [Question(name: try DNSName(probe), type: .soa)]).serialize()
        for _ in 0..<100 {
            guard isRunning else { throw TestServerError.exited(log) }
            if Loopback.exchange(query, host: host, port: port, timeoutMs: 50) != nil { return }
            usleep(50_000)
        }
        throw TestServerError.notAnswering(log)
    }

    /// Sends a signal (SIGHUP makes nsd reload its zones).
    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Stops the server and removes its directory.
    func stop() {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGTERM)
            var exited = false
            for _ in 0..<100 {
                if waitpid(pid, &status, WNOHANG) != 0 { exited = true; break }
                usleep(20_000)
            }
            if !exited {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
            }
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
