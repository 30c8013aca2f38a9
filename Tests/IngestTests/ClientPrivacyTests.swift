import DNSWire
import Testing
@testable import Ingest

@Suite struct ClientPrivacyTests {
    func hex(_ b: [UInt8]) -> String { RData.hex(b) }

    @Test func sha256KnownAnswers() {
        // FIPS 180-4 examples.
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hmacRFC4231() {
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(SHA256.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block is hashed first.
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 131),
                                message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func modes() {
        #expect(ClientPrivacy.transform("192.0.2.77", mode: .off) == nil)
        #expect(ClientPrivacy.transform("192.0.2.77", mode: .keep) == "192.0.2.77")
        #expect(ClientPrivacy.transform("192.0.2.77", mode: .truncate()) == "192.0.2.0/24")
        #expect(ClientPrivacy.transform("2001:db8:1:2::5", mode: .truncate()) == "2001:db8:1::/48")
        #expect(ClientPrivacy.transform("not-an-ip", mode: .truncate()) == nil)
        let key = Array("k".utf8)
        let a = ClientPrivacy.transform("2001:DB8::1", mode: .hash(key: key))
        #expect(a == ClientPrivacy.transform("2001:db8::1", mode: .hash(key: key)))
        #expect(a?.count == ClientPrivacy.hashHexLength)
        #expect(a == String(hex(SHA256.hmac(key: key, message: Array("2001:db8::1".utf8))).prefix(32)))
        #expect(a != ClientPrivacy.transform("2001:db8::1", mode: .hash(key: Array("other".utf8))))
    }
}
