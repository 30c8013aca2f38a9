import DNSWire
import Foundation
import Testing
@testable import Detection

@Suite struct PublicSuffixListTests {
    static let list = PublicSuffixList(text: """
        // comment
        com
        uk
        co.uk
        jp
        *.kobe.jp
        !city.kobe.jp
        cn
        公司.cn
        *.compute.amazonaws.com
        """)

    func registered(_ s: String, _ l: PublicSuffixList = list) -> String? {
        l.registeredDomain(of: try! DNSName(s))?.description
    }

    @Test func rules() {
        #expect(registered("www.Example.com.") == "Example.com.")
        #expect(registered("com.") == nil)
        #expect(registered("a.b.example.co.uk.") == "example.co.uk.")
        #expect(registered("co.uk.") == nil)
        #expect(registered("x.y.kobe.jp.") == "x.y.kobe.jp.")          // *.kobe.jp makes y.kobe.jp a suffix
        #expect(registered("www.city.kobe.jp.") == "city.kobe.jp.")    // exception rule
        #expect(registered("unlisted.zz.") == "unlisted.zz.")          // default rule "*"
        #expect(registered("a.xn--85x722f.xn--55qx5d.cn.") == "xn--85x722f.xn--55qx5d.cn.")  // 公司.cn in Punycode
        #expect(registered("ec2-1-2-3-4.eu-west-1.compute.amazonaws.com.") == "ec2-1-2-3-4.eu-west-1.compute.amazonaws.com.")
    }

    /// The suffixes are made from one lower-cased buffer: they must be what decoding each
    /// lower-cased label alone and joining them gives, for any octets (upper case, an
    /// escaped dot inside a label, invalid or cut UTF-8).
    @Test func suffixesAreTheLabelsJoined() throws {
        let labels: [[UInt8]] = [[0x57, 0x77, 0x57], [0x61, 0x2E, 0x62], [0xE2, 0x82], [0xC3, 0xBC, 0x58], [0xFF], [0x43, 0x4F, 0x4D]]
        let name = try DNSName(labels: labels)
        let lowered = name.lowercased.labels.map { String(decoding: $0, as: UTF8.self) }
        let expected = lowered.indices.map { lowered[$0...].joined(separator: ".") }
        #expect(PublicSuffixListTests.list.suffixes(name.labels) == expected)
        #expect(expected.last == "com")
    }

    @Test func punycodeVectors() {
        // RFC 3492 section 7.1 and common examples.
        #expect(Punycode.encode("bücher") == "bcher-kva")
        #expect(Punycode.encode("公司") == "55qx5d")
        #expect(Punycode.encode("ليهمابتكلموشعربي؟") == "egbpdaj6bu4bxfgehfvwxn")
        #expect(Punycode.encode("他们为什么不说中文") == "ihqwcrb4cv8a8dqg056pqjye")
    }

    @Test func debianList() throws {
        guard FileManager.default.fileExists(atPath: PublicSuffixList.debianPath) else {
            Issue.record("Debian's publicsuffix package is not installed (scripts/setup.sh installs it)")
            return
        }
        let l = try PublicSuffixList.load()
        #expect(l.ruleCount > 5000)
        #expect(registered("www.bbc.co.uk.", l) == "bbc.co.uk.")
        #expect(registered("foo.blogspot.com.", l) == "foo.blogspot.com.")   // a private-section suffix
        #expect(registered("a.b.xn--55qx5d.cn.", l) == "b.xn--55qx5d.cn.")
    }
}
