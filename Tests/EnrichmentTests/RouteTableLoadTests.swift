import DNSWire
import Foundation
import Testing
@testable import Enrichment

/// Hostile and damaged text tables: bad lines are counted and reported, the rest loaded;
/// damaged files are errors that name the file.
@Suite struct RouteTableLoadTests {
    @Test func badLinesAreCountedAndTheRestLoaded() throws {
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try TestData.write("""
            192.0.2.0\t24\t64500
            198.51.100.0\t24\tAS64501
            203.0.113.0\t33\t64502
            not-an-address\t8\t1
            198.51.100.0\t25\t64503_64504,64505\r
            192.0.2.0\t24\t64999
            10.0.0.0\t8\t4294967296

            """, to: "mixed.pfx2as", in: dir)
        let table = try RouteTable.load(path: path, format: .pfx2as)
        #expect(table.report.lines == 7)
        #expect(table.report.badLines == 4)
        #expect(table.report.firstErrors.map(\.line) == [2, 3, 4, 7])
        #expect(table.report.firstErrors.allSatisfy { $0.path == path && $0.code == .corrupt })
        #expect(table.report.duplicates == 1)
        #expect(table.report.routes == 2)
        #expect(table.route(for: IPAddress("192.0.2.1")!)?.asn == 64500)   // first of the duplicates
        let moas = try #require(table.route(for: IPAddress("198.51.100.1")!))  // CRLF line ending
        #expect(moas.originSet == [64503, 64504, 64505])
    }

    @Test func onlyFirstFewErrorsAreKept() throws {
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let junk = (0..<50).map { "1.2.3.\($0)/40\t1" }.joined(separator: "\n")
        let path = try TestData.write("; pyasn\n1.0.0.0/8\t1\n" + junk, to: "junk.dat", in: dir)
        let table = try RouteTable.load(path: path)
        #expect(table.report.badLines == 50)
        #expect(table.report.firstErrors.count == LoadReport.keptErrors)
        #expect(table.report.routes == 1)
    }

    @Test func truncatedGzipIsAnError() throws {
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = TestData.path("ip-to-asn/pyasn/ipasn_20140513.dat.gz")
        let path = try TestData.truncatedCopy(of: source, bytes: 500_000, in: dir, name: "cut.dat.gz")
        #expect {
            try RouteTable.load(path: path)
        } throws: { error in
            guard let error = error as? EnrichmentError else { return false }
            return error.code == .truncated && error.path == path && error.line != nil
        }
    }

    @Test func missingEmptyAndUnknownFilesAreErrors() throws {
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = try TestData.write("", to: "empty", in: dir)
        let prose = try TestData.write("hello world\nthis is not a table\n", to: "prose.txt", in: dir)
        let onlyBad = try TestData.write("1.2.3.0\t99\t5\n", to: "bad.pfx2as", in: dir)
        func code(_ path: String, _ format: DatabaseFormat? = nil) -> EnrichmentError.Code? {
            do { _ = try RouteTable.load(path: path, format: format); return nil } catch { return error.code }
        }
        #expect(code(dir.appendingPathComponent("absent").path) == .unreadable)
        #expect(code(empty) == .empty)
        #expect(code(prose) == .unknownFormat)
        #expect(code(onlyBad, .pfx2as) == .corrupt)
        #expect(code(TestData.path("mmdb/test-data/GeoLite2-ASN-Test.mmdb")) == .unknownFormat)
    }
}
