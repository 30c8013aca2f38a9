import Foundation
import Testing
@testable import Ingest

@Suite struct InputFormatTests {
    @Test func namesAndReaders() {
        #expect(TextFormat.allCases.map(\.rawValue) == ["zeek", "cof", "dnsdb", "passivedns", "dig", "zone"])
        for f in TextFormat.allCases { #expect(f.reader.format == f) }
    }

    @Test func unknownContent() {
        #expect(TextFormat.detect(prefix: []) == nil)
        #expect(TextFormat.detect(prefix: Array("hello world\nthis is prose\n".utf8)) == nil)
        #expect(TextFormat.detect(prefix: [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0]) == nil)  // a pcap header
        #expect(TextFormat.detect(prefix: Array("{\"a\":1}\n".utf8)) == nil)
    }

    @Test func binaryGivenToATextReaderFailsEarly() throws {
        let url = TestData.shared.appendingPathComponent("captures/zeek/Traces/dns-caa.pcap")
        for format in [TextFormat.passivedns, .cof, .zeek, .dig, .dnsdb] {
            #expect { try read(format, path: url) } throws: { [.wrongFormat, .wrongEncoding].contains(($0 as? ReadError)?.code) }
        }
    }
}
