import DNSWire
import Foundation
import Testing
@testable import Probe

@Suite struct InputTests {
    @Test func domainsFileSkipsCommentsAndReportsBadLinesWithNumbers() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("domains-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = """
            # suspicious domains
            flux.test
            ; a comment line

            www.flux.test.   # trailing comment
            bad..name
            two fields
            \(String(repeating: "a", count: 64)).test
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var it = try DomainFile(path: path).makeIterator()
        var names: [String] = []
        var issues: [InputIssue] = []
        while let r = it.next() {
            switch r {
            case .success(let s): names.append(s.name.description)
            case .failure(let i): issues.append(i)
            }
        }
        #expect(names == ["flux.test.", "www.flux.test."])
        #expect(issues.map(\.line) == [6, 7, 8])
        #expect(issues[0].reason.contains("empty label"))
    }

    @Test func domainLinesAreReadFromTheirOctets() {
        func parsed(_ line: String) -> String {
            switch DomainLine.parse(line) {
            case .none: return "-"
            case .some(.success(let name)): return name.description
            case .some(.failure(let why)): return "! " + why.reason
            }
        }
        #expect(parsed(" \tFlux.Test\r") == "Flux.Test.")
        #expect(parsed("a.test;b.test") == "a.test.")
        #expect(parsed("   ") == "-")
        #expect(parsed("\t# only a comment") == "-")
        #expect(parsed("") == "-")
        #expect(parsed("a.test\tb.test").hasPrefix("! more than one field"))
        #expect(parsed("bücher.test").hasPrefix("! name has characters outside printable ASCII"))
        #expect(parsed("a\\.b.test").hasPrefix("! name has characters outside printable ASCII"))
        #expect(parsed("a\u{7F}b.test").hasPrefix("! name has characters outside printable ASCII"))
        #expect(parsed(".").hasPrefix("! the root"))
        #expect(parsed("a..test").contains("empty label"))
        // A substring is read as its own octets, not its base string's.
        let line = "x.test y.test"
        #expect(parsed(String(line.prefix(6))) == "x.test.")
        if case .some(.success(let name)) = DomainLine.parse(line.dropFirst(7)) { #expect(name.description == "y.test.") } else { Issue.record("y.test not read") }
    }

    @Test func missingDomainsFileThrows() {
        #expect(throws: DomainFile.OpenError.self) { _ = try DomainFile(path: "/nonexistent/domains").makeIterator() }
    }

    @Test func serverAddressesWithAndWithoutPorts() {
        #expect(ProbeServer("127.0.0.1")?.description == "127.0.0.1:53")
        #expect(ProbeServer("127.0.0.1:5300")?.port == 5300)
        #expect(ProbeServer("::1")?.description == "[::1]:53")
        #expect(ProbeServer("[::1]:5353")?.port == 5353)
        #expect(ProbeServer("localhost") == nil)
        #expect(ProbeServer("127.0.0.1:70000") == nil)
    }

    @Test func resolvConfNameservers() {
        let text = "search example\nnameserver 192.0.2.1\n# nameserver 192.0.2.9\nnameserver fe80::1%eth0\noptions ndots:2\n"
        #expect(ResolvConf.nameservers(in: text).map(\.description) == ["192.0.2.1:53", "[fe80::1]:53"])
    }

    @Test func reverseNames() throws {
        #expect(IPAddress("192.0.2.5")!.reverseName == (try DNSName("5.2.0.192.in-addr.arpa.")))
        #expect(IPAddress("2001:db8::1")!.reverseName.description.hasSuffix(".8.b.d.0.1.0.0.2.ip6.arpa."))
    }
}
