import Foundation
import Testing
import DNSWire

/// JSONWriter writes what JSONSerialization reads back, escapes included.
@Suite struct JSONWriterTests {
    @Test func stringsNumbersAndLiteralsReadBack() throws {
        var j = JSONWriter()
        j.beginObject()
        let odd = "plain a\"b\\c\nd\re\tf\u{01}g\u{1F}h\u{7F}é€"
        j.key("s"); j.string(odd)
        j.key("n"); j.beginArray()
        for n in [0, 7, -7, 10, 65535, Int.max, Int.min] { j.number(n) }
        j.number(UInt64.max)
        j.number(UInt8(200))
        j.endArray()
        j.key("t"); j.bool(true)
        j.key("f"); j.bool(false)
        j.key("z"); j.null()
        j.key("r"); j.rawNumber("1.500000")
        j.endObject()
        #expect(j.text.contains("\\u0001") && j.text.contains("\\u001f") && j.text.contains("\\n"))
        let o = try #require(try JSONSerialization.jsonObject(with: Data(j.bytes)) as? [String: Any])
        #expect(o["s"] as? String == odd)
        #expect(j.text.contains("[0,7,-7,10,65535,9223372036854775807,-9223372036854775808,18446744073709551615,200]"))
        #expect(o["t"] as? Bool == true && o["f"] as? Bool == false && o["z"] is NSNull)
        #expect(o["r"] as? Double == 1.5)
    }
}
