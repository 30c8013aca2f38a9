import DNSWire
import Foundation
import TestSupport
import Testing
@testable import Ingest

/// End to end with a real resolver: Debian's Unbound (built with --enable-dnstap) logs
/// client queries and responses to our Frame Streams server over a Unix socket; `dig` asks
/// it on 127.0.0.1 for names it answers from local-data, so nothing leaves the machine.
@Suite(.serialized, .enabled(if: UnboundProbe.hasDnstap,
                             "skipped: this unbound was built without --enable-dnstap (see `unbound -V`)"))
struct DnstapUnboundTests {
    @Test func unboundClientMessagesArriveAsObservations() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let socketPath = dir.path + "/dnstap.sock"
        let server = try await DnstapServer.bind(.unix(path: socketPath))
        let inbox = DnstapInbox()
        let serverTask = Task { try await server.run { await inbox.add($0) } }
        defer { serverTask.cancel() }

        // Unbound may fail to start (a port another test took) or start slowly on a loaded
        // machine: try up to three ports, and on failure show what Unbound said.
        var unbound: ChildProcess?
        var port = 0
        var log = ""
        for _ in 0..<3 where unbound == nil {
            port = Int.random(in: 20000..<60000)
            let configPath = dir.path + "/unbound-\(port).conf"
            try Self.config(port: port, directory: dir.path, socketPath: socketPath).write(toFile: configPath, atomically: true, encoding: .utf8)
            // ChildProcess, not Foundation's Process: a clean signal mask, and its log goes to
            // a file (an unread pipe can fill up and stall the server).
            let child = try ChildProcess("/usr/sbin/unbound", ["-d", "-c", configPath], output: configPath + ".log")
            // Unbound connects its dnstap writer at start; wait for it while Unbound runs.
            let connected = await inbox.wait(seconds: 180) { inbox in
                if await inbox.inputs.contains(where: { if case .connected = $0 { return true } else { return false } }) { return true }
                return !child.isRunning
            }
            log += "--- unbound on port \(port):\n" + ((try? String(contentsOfFile: configPath + ".log", encoding: .utf8)) ?? "(no log)")
            if connected && child.isRunning { unbound = child } else { child.stop() }
        }
        guard let unbound else {
            Issue.record("Unbound never connected its dnstap writer:\n\(log)")
            return
        }
        defer { unbound.stop() }

        var answer = ""
        for _ in 0..<50 where answer.isEmpty {
            answer = (try? DnstapUnboundTests.run("/usr/bin/dig", ["@127.0.0.1", "-p", "\(port)", "+short", "+tries=1", "+time=1", "www.flux.test", "A"])) ?? ""
            if answer.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(answer.split(separator: "\n").sorted() == ["192.0.2.10", "192.0.2.11"])
        _ = try DnstapUnboundTests.run("/usr/bin/dig", ["@127.0.0.1", "-p", "\(port)", "+short", "www.flux.test", "AAAA"])
        _ = try DnstapUnboundTests.run("/usr/bin/dig", ["@127.0.0.1", "-p", "\(port)", "+short", "gone.flux.test", "A"])

        #expect(await inbox.wait(seconds: 180) { await $0.events.filter { $0.type == .clientResponse }.count >= 3 })
        // Stop Unbound: it sends STOP, we answer FINISH, it closes.
        unbound.stop()
        #expect(await inbox.wait(seconds: 180) { await $0.disconnections >= 1 })

        // Into a sink, as `capture` does.
        var collector = DnstapCollector(endpointName: "unix:\(socketPath)", options: { var o = ReadOptions(); o.clients = .keep; return o }(),
                                        resolver: { _ in 1 })
        var sink = CollectingSink()
        for input in await inbox.inputs { try collector.take(input, into: &sink) }
        let problems = await inbox.problems
        #expect(problems.isEmpty, "\(problems)")
        #expect(await inbox.events.allSatisfy { $0.identity == "unbound-under-test" })
        let www = try DNSName("www.flux.test.")
        let data = Set(sink.observations.filter { $0.name == www && $0.section == .answer }.map(\.data))
        #expect(data.isSuperset(of: [.a(IPv4Address(192, 0, 2, 10)), .a(IPv4Address(192, 0, 2, 11)), .aaaa(IPv6Address("2001:db8::10")!)]))
        #expect(sink.observations.allSatisfy { $0.ttl == 30 && $0.source == 1 })
        #expect(sink.outcomes.contains { $0.name == (try? DNSName("gone.flux.test.")) && $0.rcode == .nxDomain })
        #expect(sink.clients.contains { $0.client == "127.0.0.1" && $0.name == www })
        #expect(collector.stats.connections >= 1)
    }

    /// An Unbound configuration that answers `flux.test.` from local data on 127.0.0.1:`port`
    /// and logs client queries and responses to the dnstap socket.
    static func config(port: Int, directory: String, socketPath: String) -> String {
        """
        server:
            interface: 127.0.0.1
            port: \(port)
            do-ip6: no
            do-daemonize: no
            username: ""
            chroot: ""
            directory: "\(directory)"
            pidfile: ""
            use-syslog: no
            logfile: ""
            verbosity: 1
            module-config: "iterator"
            access-control: 127.0.0.0/8 allow
            local-zone: "flux.test." static
            local-data: "www.flux.test. 30 IN A 192.0.2.10"
            local-data: "www.flux.test. 30 IN A 192.0.2.11"
            local-data: "www.flux.test. 30 IN AAAA 2001:db8::10"
        dnstap:
            dnstap-enable: yes
            dnstap-socket-path: "\(socketPath)"
            dnstap-send-identity: yes
            dnstap-identity: "unbound-under-test"
            dnstap-send-version: yes
            dnstap-log-client-query-messages: yes
            dnstap-log-client-response-messages: yes
        """
    }

    /// Runs a program and returns its standard output.
    static func run(_ path: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Whether the installed Unbound can log dnstap.
enum UnboundProbe {
    static let hasDnstap: Bool = {
        // A missing unbound is not a reason to skip: the test then fails and says so.
        guard let out = try? DnstapUnboundTests.run("/usr/sbin/unbound", ["-V"]) else { return true }
        return out.contains("--enable-dnstap")
    }()
}
