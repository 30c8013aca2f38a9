import Testing
@testable import DNSWire

@Suite struct DNSNameTests {
    @Test func caseIsKeptButIgnoredInComparison() throws {
        let a = try DNSName("WWW.Example.COM."), b = try DNSName("www.example.com")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.description == "WWW.Example.COM.")
        #expect(a != (try DNSName("www.example.net.")))
    }

    @Test func escapesRoundTrip() throws {
        let n = try DNSName(labels: [[0x61, 0x2E, 0x62], [0x00, 0x20, 0x5C], Array("com".utf8)])
        #expect(n.description == "a\\.b.\\000\\032\\\\.com.")
        #expect(try DNSName(n.description) == n)
        #expect(try DNSName(n.description).wire == n.wire)
    }

    @Test func relativeNamesAndOrigin() throws {
        let origin = try DNSName("example.com.")
        #expect(try DNSName("www", origin: origin).description == "www.example.com.")
        #expect(try DNSName("@", origin: origin) == origin)
        #expect(try DNSName("host.").description == "host.")
        #expect(DNSName.root.description == ".")
    }

    @Test func badText() {
        for bad in ["", "a..b", "\\", "\\25", "\\256", String(repeating: "a", count: 64) + ".com"] {
            #expect(throws: DNSWireError.self, "\(bad)") { try DNSName(bad) }
        }
        let long = Array(repeating: "abcdefghi", count: 26).joined(separator: ".")
        #expect(throws: DNSWireError.self) { try DNSName(long) }
    }

    /// The text parser builds the wire form in one buffer; it must agree with `init(labels:)`
    /// and report what the label-by-label parse reported, at the same offsets.
    @Test func textParseAgreesWithLabelsAndKeepsItsErrors() throws {
        let origin = try DNSName("Example.COM.")
        let cases: [(String, [[UInt8]])] = [
            ("a.b.c.", [[0x61], [0x62], [0x63]]),
            ("a\\.b.c", [[0x61, 0x2E, 0x62], [0x63]]),
            ("\\065\\.x.", [[0x41, 0x2E, 0x78]]),
            ("www", [Array("www".utf8), Array("Example".utf8), Array("COM".utf8)]),
        ]
        for (text, labels) in cases {
            let parsed = try DNSName(text, origin: text == "www" ? origin : .root)
            #expect(parsed.wire == (try DNSName(labels: labels)).wire, "\(text)")
        }
        // 254 octets in wire form (255 with the root) is the longest name; one more is too long.
        let label62 = String(repeating: "a", count: 62)
        let longest = [label62, label62, label62, label62, "a"].joined(separator: ".") + "."
        #expect(try DNSName(longest).wire.count == 254)
        func error(_ text: String, origin: DNSName = .root) -> DNSWireError? {
            do { _ = try DNSName(text, origin: origin); return nil } catch { return error }
        }
        #expect(error(longest.dropLast() + "b.")?.kind == .nameTooLong)
        #expect(error(longest.dropLast() + "b.")?.offset == 255)
        // The origin's labels count: 250 octets of text plus `example.com.` is too long.
        #expect(error([label62, label62, label62, String(repeating: "b", count: 58)].joined(separator: "."), origin: origin)?.kind == .nameTooLong)
        // A 64-octet label is reported at its length octet.
        let label64 = "abc." + String(repeating: "x", count: 64) + ".com."
        #expect(error(label64)?.kind == .labelTooLong)
        #expect(error(label64)?.offset == 4)
        // An escape error further on is reported first, as when labels were checked at the end.
        let both = error(String(repeating: "x", count: 64) + ".a\\25")
        #expect(both?.kind == .badText)
        #expect(both?.offset == 66)
        #expect(error("a..b")?.offset == 2)
    }

    @Test func wireFormRoundTripsAndIsChecked() throws {
        let n = try DNSName(labels: [[0x61, 0x2E, 0x62], [0x00, 0x20, 0x5C], Array("com".utf8)])
        #expect(try DNSName(wire: n.wire).wire == n.wire)
        #expect(try DNSName(wire: [UInt8]()) == DNSName.root)
        let bad: [[UInt8]] = [
            [0],                                   // empty label
            [3, 0x61, 0x62],                       // label past the end
            [64] + Array(repeating: 0x61, count: 64),  // label of 64
            [0xC0, 0x0C],                          // a compression pointer is not a label
            Array(repeating: [9] + Array(repeating: UInt8(0x61), count: 9), count: 26).flatMap { $0 },  // 260 octets
        ]
        for wire in bad {
            #expect(throws: DNSWireError.self, "\(wire.prefix(4))") { try DNSName(wire: wire) }
        }
        // 254 octets (255 with the root octet) is the longest name.
        let longest: [UInt8] = Array(repeating: [62] + Array(repeating: UInt8(0x61), count: 62), count: 4).flatMap { $0 } + [1, 0x61]
        #expect(longest.count == 254)
        #expect(try DNSName(wire: longest).wire == longest)
    }

    @Test func subdomains() throws {
        let zone = try DNSName("Example.com.")
        #expect(try DNSName("a.b.example.COM.").isSubdomain(of: zone))
        #expect(try DNSName("example.com.").isSubdomain(of: zone))
        #expect(try !DNSName("xexample.com.").isSubdomain(of: zone))
        #expect(try !DNSName("com.").isSubdomain(of: zone))
        #expect(try DNSName("a.b.c.").parent.description == "b.c.")
        #expect(try DNSName("a.b.c.").labelCount == 3)
    }

    @Test func canonicalOrder() throws {
        // RFC 4034 section 6.1 example order.
        let ordered = ["example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example."]
        let names = try ordered.map { try DNSName($0) }
        #expect(names.shuffled().sorted() == names)
    }

    @Test func canonicalOrderAgreesWithTheDefinition() throws {
        // The definition, written plainly: labels from the right, lower-cased, compared as
        // octet strings; a name that runs out of labels first sorts first.
        func reference(_ l: DNSName, _ r: DNSName) -> Bool {
            for (a, b) in zip(l.labels.reversed(), r.labels.reversed()) {
                let la = a.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                let lb = b.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                if la != lb { return la.lexicographicallyPrecedes(lb) }
            }
            return l.labels.count < r.labels.count
        }
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("aAbBzZ-09".utf8) + [0, 0x5B, 0x60, 0x7B, 0xC8, 0xFF]
        func randomName() throws -> DNSName {
            var labels: [[UInt8]] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                labels.append((0..<Int.random(in: 1...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            }
            return try DNSName(labels: labels)
        }
        let names = try (0..<300).map { _ in try randomName() }
        var disagreements = 0
        for a in names { for b in names where (a < b) != reference(a, b) { disagreements += 1 } }
        #expect(disagreements == 0)
        #expect(names.contains { a in names.contains { b in a < b } })  // not vacuous
    }
}
