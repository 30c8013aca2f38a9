import Foundation
import Testing
@testable import Reports

/// `export csv` spools every domain's row to temporary files until the data window is known:
/// what it writes back must be what `CSVWriter.write(rows:…)` writes from the rows in memory,
/// FQDN rows first, whatever the rows hold.
@Suite struct CSVRowSpoolTests {
    @Test func spooledRowsComeBackAsTheWriterWritesThemFQDNsFirst() throws {
        let spool = try CSVRowSpool()
        var fqdns: [String] = [], registered: [String] = []
        // Many runs, rows of every length from empty to far past a read block (64 KiB), with
        // quotes, CR/LF inside quoted fields and non-ASCII text.
        for run in 0..<40 {
            let f = (0..<(run % 7)).map { i in "www.d\(run)-\(i).test.,fqdn,\"a \"\"quoted\"\"\r\nreason\",é\(i)" }
            let r = run % 3 == 0 ? [String(repeating: "x", count: 70_000 + run), ""] : ["d\(run).test.,registered"]
            try spool.append(fqdns: f, registered: r)
            fqdns += f
            registered += r
        }
        #expect(spool.count == fqdns.count + registered.count)
        var spooled = ""
        try spool.write(windowStart: 1_740_787_200, windowEnd: 1_740_790_800, to: &spooled)
        var expected = ""
        CSVWriter.write(rows: fqdns + registered, windowStart: 1_740_787_200, windowEnd: 1_740_790_800, to: &expected)
        #expect(spooled == expected)
        // Written twice, the same bytes: the files are read, not consumed.
        var again = ""
        try spool.write(windowStart: 1_740_787_200, windowEnd: 1_740_790_800, to: &again)
        #expect(again == expected)
    }

    @Test func anEmptySpoolWritesTheHeaderOnly() throws {
        var out = ""
        try CSVRowSpool().write(windowStart: 0, windowEnd: 0, to: &out)
        #expect(out == CSVWriter.headerLine)
    }
}
