import Foundation
import Testing

@testable import Reports

/// The table's padding: written as octets for ASCII cells, as Foundation pads otherwise.
struct VerdictTableTests {
    @Test func padsEveryColumnButTheLastToItsWidestCell() {
        let rows = [["DOMAIN", "SCORE", "EVIDENCE"], ["a.example.", "0.5", "n_a=3"], ["b.", "1.000", "x"]]
        #expect(VerdictTable.format(rows) == [
            "DOMAIN      SCORE  EVIDENCE",
            "a.example.  0.5    n_a=3",
            "b.          1.000  x",
        ])
    }

    @Test func appendLineIsLineWithANewline() {
        let row = ["é.example.", "x", "last cell"]
        let widths = VerdictTable.widths([row, ["abcdefghijklmn", "yy", "z"]])
        #expect(widths == [14, 2])
        var bytes: [UInt8] = []
        VerdictTable.appendLine(row, widths: widths, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == VerdictTable.line(row, widths: widths) + "\n")
        #expect(VerdictTable.line(row, widths: widths) == "é.example.      x   last cell")
    }

    @Test func aCellWiderThanItsColumnIsCut() {
        #expect(VerdictTable.line(["abcdef", "end"], widths: [3]) == "abc  end")
        #expect(VerdictTable.line(["abcdef", "end"], widths: [3]) == ["abcdef".padding(toLength: 3, withPad: " ", startingAt: 0), "end"].joined(separator: "  "))
    }
}
