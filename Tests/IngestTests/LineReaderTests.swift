import Foundation
import Testing
@testable import Ingest

@Suite struct LineReaderTests {
    func lines(_ bytes: [UInt8], max: Int = 1 << 20) throws -> [RawLine] {
        var reader = try LineReader(name: "t", bytes: bytes, maxLineLength: max)
        var out: [RawLine] = []
        while let l = try reader.next() { out.append(l) }
        return out
    }

    @Test func everyLineEnding() throws {
        let got = try lines(Array("a\nb\r\nc\rd\r\r\ne".utf8))
        #expect(got.map { String(decoding: $0.bytes, as: UTF8.self) } == ["a", "b", "c", "d", "", "e"])
        #expect(got.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(try lines(Array("x\n".utf8)).count == 1)
        #expect(try lines([]).isEmpty)
    }

    @Test func crlfSplitAcrossChunks() throws {
        // The reader fills 64 KiB at a time: put the CR last in the first chunk.
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 65535)
        bytes += [0x0D, 0x0A, UInt8(ascii: "b")]
        let got = try lines(bytes)
        #expect(got.count == 2)
        #expect(got[0].bytes.count == 65535)
        #expect(Array(got[1].bytes) == [UInt8(ascii: "b")])
    }

    @Test func overlongLinesAreSkippedWithBoundedMemory() throws {
        var bytes = Array("short\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 300_000)
        bytes += Array("\nafter\n".utf8)
        let got = try lines(bytes, max: 1000)
        #expect(got.count == 3)
        #expect(got[1].tooLong && got[1].length == 300_000 && got[1].number == 2)
        #expect(String(decoding: got[2].bytes, as: UTF8.self) == "after")
    }

    @Test func badEncodingAndLengthAreProblemsWithLineNumbers() throws {
        var bytes = Array("1322849924.1||c||s||IN||a.example.||A||192.0.2.1||60||1\n".utf8)
        bytes += [0xC3, 0x28, 0x0A]  // invalid UTF-8
        bytes += Array(String(repeating: "y", count: 200).utf8) + [0x0A]
        bytes += Array("1322849924.2||c||s||IN||b.example.||A||192.0.2.2||60||1\n".utf8)
        var options = ReadOptions()
        options.maxLineLength = 100
        let r = try read(.passivedns, bytes: bytes, options: options)
        #expect(r.problemKinds == ["bad_encoding", "line_too_long"])
        #expect(r.problemLines == [2, 3])
        #expect(r.names(.a) == ["a.example.", "b.example."])
    }

    @Test func utf16IsRefused() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("#\0".utf8)
        #expect { try read(.zone, bytes: bytes) } throws: { ($0 as? ReadError)?.code == .wrongEncoding || ($0 as? ReadError)?.code == .needsOption }
        var options = ReadOptions()
        options.snapshotTime = 0
        #expect { try read(.zone, bytes: bytes, options: options) } throws: { ($0 as? ReadError)?.code == .wrongEncoding }
    }

    @Test func gzipFilesAndTheirFailures() throws {
        let text = try TestData.passiveDNSReadmeLines()
        let plain = try read(.passivedns, text: text)
        #expect(plain.sink.observations.count == 6)
        let member = try TestData.gzip(Array(text.utf8))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fluxscope-gz-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("passivedns.log.gz")
        try Data(member).write(to: file)
        let gz = try read(.passivedns, path: file)
        #expect(gz.sink.observations == plain.sink.observations)
        #expect(gz.summary.bytes == member.count)
        #expect(try TextFormat.detect(path: file.path) == .passivedns)
        // Two members one after the other read as one stream (as gzip -d does).
        let twice = try read(.passivedns, bytes: member + member)
        #expect(twice.sink.observations.count == 2 * plain.sink.observations.count)
        // Cut short: a clear error.
        #expect { try read(.passivedns, bytes: Array(member.prefix(member.count - 10))) } throws: { ($0 as? ReadError)?.code == .truncated }
        var corrupt = member
        corrupt[20] ^= 0xFF
        corrupt[21] ^= 0xFF
        #expect { try read(.passivedns, bytes: corrupt) } throws: { [.gzip, .truncated].contains(($0 as? ReadError)?.code) }
        #expect(TextFormat.detect(prefix: member) == .passivedns)
    }
}
