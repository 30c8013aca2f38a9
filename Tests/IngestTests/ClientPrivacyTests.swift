import DNSWire
import Foundation
import Testing
@testable import Ingest

@Suite struct ClientPrivacyTests {
    @Test func modes() throws {
        let v4 = try #require(IPAddress("198.51.100.77")), v6 = try #require(IPAddress("2001:db8:abcd:12::1"))
        #expect(ClientPrivacy.off.render(v4) == nil)
        #expect(ClientPrivacy.keep.render(v6) == "2001:db8:abcd:12::1")
        #expect(ClientPrivacy.truncate.render(v4) == "198.51.100.0/24")
        #expect(ClientPrivacy.truncate.render(v6) == "2001:db8:abcd::/48")
    }

    /// RFC 4231 test case 2 (key "Jefe"), and the keyed client hash checked with Python's
    /// hmac module: hmac.new(b"0123456789abcdef", bytes([198,51,100,77]), "sha256").hexdigest()[:32].
    @Test func hmacSHA256() throws {
        let mac = SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(SHA256.hash(Array("abc".utf8)).prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        let long = SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 131),
                               message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(long.prefix(4) == [0x60, 0xe4, 0x31, 0x59])  // RFC 4231 test case 6
        let hashed = ClientPrivacy.hash(key: Array("0123456789abcdef".utf8)).render(try #require(IPAddress("198.51.100.77")))
        #expect(hashed == "f12c5dfd5bf0719f76ace70a4b5095ff")
    }
}
