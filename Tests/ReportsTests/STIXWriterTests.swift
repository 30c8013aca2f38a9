import DNSWire
import Foundation
import TestSupport
import Testing
@testable import Reports

@Suite struct STIXWriterTests {
    @Test func sha1AndUUIDv5Vectors() {
        #expect(RDataHex.hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(RDataHex.hex(SHA1.hash([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(RDataHex.hex(SHA1.hash(Array(repeating: 0x61, count: 1000))) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
        // Python: uuid.uuid5(UUID('00abedb4-aa42-466c-9c01-fed23315a9b7'), '{"value":"example.com"}')
        #expect(UUIDv5.make(namespace: UUIDv5.stixNamespace, name: "{\"value\":\"example.com\"}") == "bedb4899-d24b-5401-bc86-8f6b4cc18ec7")
    }

    func bundle() -> String {
        var out = ""
        STIXWriter().write(Fixtures.items, networks: [Fixtures.network], context: Fixtures.context, to: &out)
        return out
    }

    @Test func structure() throws {
        let text = bundle()
        #expect(text == bundle())
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let objects = json["objects"] as! [[String: Any]]
        let types = objects.map { $0["type"] as! String }
        #expect(types.filter { $0 == "indicator" }.count == 2)
        #expect(types.filter { $0 == "infrastructure" }.count == 1)
        #expect(types.contains("ipv6-addr"))
        #expect(!text.contains("10.1.1.1"))     // special-purpose addresses are not indicators
        #expect(!text.contains("benign"))
        let indicator = objects.first { ($0["pattern"] as? String)?.contains("shop.flux-example.test") == true }
        #expect(indicator?["pattern"] as? String == "[domain-name:value = 'shop.flux-example.test']")
        #expect(indicator?["confidence"] as? Int == 98)
        let domain = objects.first { $0["type"] as? String == "domain-name" && $0["value"] as? String == "shop.flux-example.test" }
        #expect((domain?["resolves_to_refs"] as? [String])?.count == 3)
    }

    @Test func oasisValidatorAcceptsIt() async throws {
        // The validator lives in a virtual environment made by scripts/stix-validator.sh.
        let setup = TestEnvironment.packageRoot.appendingPathComponent("scripts/stix-validator.sh").path
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bundle.json")
        try bundle().write(to: file, atomically: true, encoding: .utf8)
        let r = try await TestEnvironment.run("/bin/bash", [setup, file.path], timeout: 300)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("STIX JSON: Valid"), "\(r.output)")
    }
}

enum RDataHex {
    static func hex(_ b: [UInt8]) -> String { RData.hex(b) }
}
