import Foundation

/// An nsd serving zones from a throwaway directory on `host:port`, started with
/// `nsd -d -c conf`.
struct NSDServer {
    let process: ServerProcess
    var port: Int { process.port }
    var host: String { process.host }

    /// Starts nsd for `zones` (origin -> zone file text) and waits until it answers.
    static func start(zones: [String: String], host: String = "127.0.0.1", port: Int? = nil) throws -> NSDServer {
        let dir = try ServerProcess.makeDirectory("probe-nsd")
        let port = port ?? Loopback.freePort(hosts: [host])
        var conf = """
            server:
                ip-address: \(host)@\(port)
                port: \(port)
                server-count: 1
                username: ""
                chroot: ""
                zonesdir: "\(dir.path)"
                database: ""
                pidfile: "\(dir.path)/nsd.pid"
                xfrdfile: "\(dir.path)/xfrd.state"
                zonelistfile: "\(dir.path)/zone.list"
                xfrdir: "\(dir.path)"
                logfile: "\(dir.path)/nsd.log"
                verbosity: 0
                do-ip6: no
                rrl-ratelimit: 0
            remote-control:
                control-enable: no

            """
        for (origin, text) in zones {
            try text.write(to: dir.appendingPathComponent("\(origin)zone"), atomically: true, encoding: .utf8)
            conf += "zone:\n    name: \"\(origin)\"\n    zonefile: \"\(origin)zone\"\n"
        }
        let confPath = dir.appendingPathComponent("nsd.conf").path
        try conf.write(toFile: confPath, atomically: true, encoding: .utf8)
        let p = try ServerProcess(executable: ServerProcess.which("nsd")!, arguments: ["-d", "-c", confPath],
                                  directory: dir, host: host, port: port)
        do {
            try p.waitUntilAnswering(zones.keys.first ?? ".")
        } catch {
            p.stop()
            throw error
        }
        return NSDServer(process: p)
    }

    /// Rewrites a zone file and makes nsd reload it (SIGHUP), waiting until `check` holds.
    func replace(zone origin: String, with text: String, until check: () -> Bool) throws {
        try text.write(to: process.directory.appendingPathComponent("\(origin)zone"), atomically: true, encoding: .utf8)
        process.signal(SIGHUP)
        for _ in 0..<100 where !check() { usleep(20_000) }
    }

    func stop() { process.stop() }
}
