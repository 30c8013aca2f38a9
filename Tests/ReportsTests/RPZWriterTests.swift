import DNSWire
import Foundation
import TestSupport
import Testing
@testable import Reports

@Suite struct RPZWriterTests {
    func zone(_ action: RPZWriter.Action = .nxdomain) -> String {
        var out = ""
        RPZWriter(origin: try! DNSName("rpz.fluxscope."), action: action, garden: try? DNSName("garden.example.")).write(Fixtures.items, context: Fixtures.context, to: &out)
        return out
    }

    @Test func contentAndDeterminism() {
        let z = zone()
        #expect(z == zone())
        #expect(z.contains("\nshop.flux-example.test CNAME .\n"))
        #expect(z.contains("\n*.shop.flux-example.test CNAME .\n"))
        #expect(z.contains("\nns1.dbl.flux-example.test.rpz-nsdname CNAME .\n"))
        #expect(z.contains("\n32.9.9.9.89.rpz-nsip CNAME .\n"))
        #expect(!z.contains("benign"))
        #expect(z.contains("score 0.975 network fn-00000001"))
        #expect(z.contains(" SOA localhost. hostmaster.localhost. \(Int(Fixtures.context.windowEnd)) "))
        #expect(zone(.nodata).contains("shop.flux-example.test CNAME *.\n"))
        #expect(zone(.garden).contains("shop.flux-example.test CNAME garden.example.\n"))
    }

    @Test func ipv6Triggers() {
        #expect(RPZWriter.ipTrigger(IPAddress("2001:db8::1")!) == "128.1.zz.db8.2001")
        #expect(RPZWriter.ipTrigger(IPAddress("1.2.3.4")!) == "32.4.3.2.1")
    }

    @Test func namedCheckzoneAcceptsIt() async throws {
        guard let checker = TestEnvironment.tool("/usr/bin/named-checkzone", "/usr/sbin/named-checkzone") else {
            Issue.record("named-checkzone missing: install bind9-utils (scripts/setup.sh does)")
            return
        }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("rpz.zone")
        try zone().write(to: file, atomically: true, encoding: .utf8)
        let r = try await TestEnvironment.run(checker, ["rpz.fluxscope", file.path])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("OK"))
    }

    @Test func unboundBlocksListedNamesOnly() throws {
        guard let unbound = TestEnvironment.tool("/usr/sbin/unbound"), let dig = TestEnvironment.tool("/usr/bin/dig") else {
            Issue.record("unbound or dig missing: scripts/setup.sh installs them")
            return
        }
        // The names live on an NSD authoritative server; Unbound resolves them through a stub
        // zone with the RPZ on top, as an ISP's DNS firewall would.
        let nsd = try NSDServer(zones: ["flux-example.test": """
            $ORIGIN flux-example.test.
            $TTL 60
            @ SOA ns.flux-example.test. hostmaster.flux-example.test. 1 3600 600 86400 60
            @ NS ns
            ns A 127.0.0.1
            shop A 11.0.0.1
            www.shop A 11.0.0.1
            ok A 192.0.2.10
            """])
        defer { nsd.stop() }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try zone().write(to: dir.appendingPathComponent("rpz.zone"), atomically: true, encoding: .utf8)
        let port = TestEnvironment.freePort()
        try """
            server:
              interface: 127.0.0.1
              port: \(port)
              do-daemonize: no
              username: ""
              chroot: ""
              directory: "\(dir.path)"
              pidfile: "\(dir.path)/unbound.pid"
              use-syslog: no
              logfile: ""
              do-ip6: no
              do-not-query-localhost: no
              module-config: "respip iterator"
              # Unbound serves the special-use TLD test. itself unless told not to (RFC 6761).
              local-zone: "test." nodefault
            stub-zone:
              name: "flux-example.test."
              stub-addr: 127.0.0.1@\(nsd.port)
            rpz:
              name: "rpz.fluxscope."
              zonefile: "\(dir.path)/rpz.zone"
            """.write(to: dir.appendingPathComponent("unbound.conf"), atomically: true, encoding: .utf8)
        let server = try ChildProcess(unbound, ["-d", "-c", dir.appendingPathComponent("unbound.conf").path],
                                      output: dir.appendingPathComponent("unbound.log").path)
        defer { server.stop() }
        func ask(_ name: String) throws -> String {
            try TestEnvironment.run(dig, ["@127.0.0.1", "-p", String(port), "+tries=1", "+time=1", name, "A"], timeout: 10).output
        }
        var ready = false
        for _ in 0..<50 where !ready {
            ready = TestEnvironment.udpPortAnswers(port)
            if !ready { usleep(100_000) }
        }
        #expect(ready, "unbound did not start")
        let ok = try ask("ok.flux-example.test.")
        #expect(ok.contains("192.0.2.10"), "\(ok)")
        // Control: the authoritative server does have the listed names.
        let direct = try TestEnvironment.run(dig, ["@127.0.0.1", "-p", String(nsd.port), "+short", "www.shop.flux-example.test.", "A"]).output
        #expect(direct.contains("11.0.0.1"), "\(direct)")
        let blocked = try ask("shop.flux-example.test.")
        #expect(blocked.contains("status: NXDOMAIN"), "\(blocked)")
        let below = try ask("www.shop.flux-example.test.")
        #expect(below.contains("status: NXDOMAIN"), "\(below)")
    }
}
