import Foundation

/// An unbound in the foreground as a caching resolver with a stub zone pointing at a
/// loopback authoritative server. It can reach nothing else: the root is stubbed to that
/// server too, and it sends only from 127.0.0.1.
struct UnboundServer {
    let process: ServerProcess
    var port: Int { process.port }

    static func start(stubZone: String, stubPort: Int, probe: String) throws -> UnboundServer {
        let dir = try ServerProcess.makeDirectory("probe-unbound")
        let port = Loopback.freePort()
        let conf = """
            server:
                do-daemonize: no
                interface: 127.0.0.1
                port: \(port)
                outgoing-interface: 127.0.0.1
                do-ip6: no
                num-threads: 1
                username: ""
                chroot: ""
                directory: "\(dir.path)"
                pidfile: "\(dir.path)/unbound.pid"
                use-syslog: no
                logfile: ""
                verbosity: 0
                access-control: 127.0.0.0/8 allow
                do-not-query-localhost: no
                module-config: "iterator"
                local-zone: "test." nodefault
                qname-minimisation: no
                prefetch: no
                cache-min-ttl: 0
            stub-zone:
                name: "\(stubZone)"
                stub-addr: 127.0.0.1@\(stubPort)
            stub-zone:
                name: "."
                stub-addr: 127.0.0.1@\(stubPort)
            remote-control:
                control-enable: no

            """
        let confPath = dir.appendingPathComponent("unbound.conf").path
        try conf.write(toFile: confPath, atomically: true, encoding: .utf8)
        let p = try ServerProcess(executable: ServerProcess.which("unbound")!, arguments: ["-d", "-c", confPath],
                                  directory: dir, host: "127.0.0.1", port: port)
        do {
            try p.waitUntilAnswering(probe)
        } catch {
            p.stop()
            throw error
        }
        return UnboundServer(process: p)
    }

    func stop() { process.stop() }
}
