import Foundation
import Synchronization

/// A child process for tests: a server (NSD, Unbound, PostgreSQL) or a tool run to the end.
///
/// Started with `posix_spawn` and an empty signal mask: Foundation's `Process` passes on the
/// mask of the thread that starts it, and Swift's executor threads block most signals, so a
/// server started that way never sees SIGTERM and a test waiting for it hangs. `stop()` sends
/// SIGTERM, waits a bounded time, then sends SIGKILL to the whole process group.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `path` with `arguments`; standard output goes to `output` (a file path) or
    /// nowhere, standard error to `errors` when given, else with standard output. The child
    /// leads a new process group so that `stop()` reaches its children.
    public init(_ path: String, _ arguments: [String], output: String? = nil, errors: String? = nil,
                environment: [String: String]? = nil) throws {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let target = output ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, target, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errors {
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envList = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envList.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attr, argv, envList)
        guard rc == 0 else {
            throw NSError(domain: "ChildProcess", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot start \(path): \(String(cString: strerror(rc)))"])
        }
        pid = child
    }

    /// True while the child runs.
    public var isRunning: Bool { poll() == nil }

    /// The exit status once the child has ended (non-blocking).
    @discardableResult
    public func poll() -> Int32? {
        exitStatus.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                known = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            }
            return known
        }
    }

    /// Waits up to `timeout` seconds for the child to end; returns its status or `nil`.
    @discardableResult
    public func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = poll() { return s }
            usleep(20_000)
        }
        return poll()
    }

    /// Waits up to `timeout` seconds for the child to end, like `wait(timeout:)`, but
    /// sleeping as a task between polls: an async test that waits for a child holds none of
    /// the few threads of Swift's cooperative pool (on a 2-core machine, a parameterised
    /// test whose cases block in `wait` stalls every other test).
    public func exit(within timeout: Double) async -> Int32? {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            if let s = poll() { return s }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return poll()
    }

    /// Sends SIGTERM, waits up to `grace` seconds, then kills the process group.
    public func stop(grace: Double = 5) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if wait(timeout: grace) == nil {
            kill(-pid, SIGKILL)
            wait(timeout: 5)
        }
        kill(-pid, SIGKILL)  // children a server left behind (NSD's workers)
    }

    deinit { stop(grace: 1) }
}
