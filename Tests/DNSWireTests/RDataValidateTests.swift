import Testing
@testable import DNSWire

/// `RData.validate` (used by `MessageScan`) must throw exactly what `RData.parse` throws,
/// for every type code, or the quick count and the full decode disagree.
@Suite struct RDataValidateTests {
    /// A deterministic generator (SplitMix64), so a failure names a reproducible case.
    struct Mix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Random RDATA biased towards what parsers branch on: small lengths, label lengths,
    /// compression pointers (backwards into the prefix and elsewhere), zero octets.
    static func randomRData(_ g: inout Mix) -> [UInt8] {
        let length = g.below(40)
        var out: [UInt8] = []
        while out.count < length {
            switch g.below(8) {
            case 0: out += [0xC0, UInt8(g.below(16))]  // pointer into the prefix (or not)
            case 1: out.append(0)
            case 2: out.append(UInt8(1 + g.below(5)))
            case 3: out += [1, UInt8(ascii: "a")]
            case 4: out.append(UInt8(g.below(256)))
            default: out.append(UInt8(g.below(4)))
            }
        }
        return out
    }

    static let typeCodes: [UInt16] = Array(0...300) + [32768, 32769, 65280, 65535]

    @Test func validateThrowsWhatParseThrowsForEveryTypeCode() {
        // 12 octets of prefix: a name "a.b." at offset 2 that pointers may target.
        let prefix: [UInt8] = [0, 0, 1, 0x61, 1, 0x62, 0, 0, 0, 0, 0, 0]
        var g = Mix(state: 2024)
        var checked = 0, failures = 0
        for code in RDataValidateTests.typeCodes {
            let type = RecordType(code)
            for _ in 0..<400 {
                let rdata = RDataValidateTests.randomRData(&g)
                let message = prefix + rdata
                let (parsed, validated) = message.withUnsafeBytes { raw -> (DNSWireError?, DNSWireError?) in
                    let r = WireReader(raw)
                    var p: DNSWireError?, v: DNSWireError?
                    do throws(DNSWireError) {
                        _ = try RData.parse(type: type, reader: r, start: prefix.count, end: raw.count)
                    } catch { p = error }
                    do throws(DNSWireError) {
                        try RData.validate(type: type, reader: r, start: prefix.count, end: raw.count)
                    } catch { v = error }
                    return (p, v)
                }
                checked += 1
                if parsed != validated {
                    failures += 1
                    if failures <= 5 {
                        Issue.record("\(type) \(rdata): parse \(String(describing: parsed)), validate \(String(describing: validated))")
                    }
                }
            }
        }
        #expect(failures == 0)
        #expect(checked == RDataValidateTests.typeCodes.count * 400)
    }
}
