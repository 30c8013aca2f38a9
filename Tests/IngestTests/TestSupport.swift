import DNSWire
import FluxModel
import Foundation
import Ingest

/// Paths and helpers shared by the reader tests.
enum TestData {
    /// `../shared/data` next to the package root (this file is Tests/IngestTests/TestSupport.swift).
    static let shared: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }
}

/// Gives sources numbers in order and remembers them.
final class SourceTable {
    var sources: [Source] = []
    func id(_ s: Source) -> SourceID {
        if let i = sources.firstIndex(of: s) { return SourceID(i + 1) }
        sources.append(s)
        return SourceID(sources.count)
    }
    func source(_ id: SourceID) -> Source { sources[Int(id) - 1] }
}

/// The result of reading some input with one reader.
struct ReadResult {
    var sink = CollectingSink()
    var summary = ReadSummary()
    var sources = SourceTable()

    func names(_ type: RecordType) -> [String] {
        sink.observations.filter { $0.type == type }.map { $0.name.description }
    }
    func data(_ type: RecordType) -> [String] {
        sink.observations.filter { $0.type == type }.map { $0.data.presentation(type: type) }
    }
    func counter(_ c: IngestCounter) -> Int { sink.counters[c] ?? 0 }
    var problemKinds: [String] { sink.problems.map(\.kind) }
    var problemLines: [Int] { sink.problems.compactMap(\.line) }
}

func read(_ format: TextFormat, bytes: [UInt8], name: String = "input", options: ReadOptions = ReadOptions()) throws -> ReadResult {
    var r = ReadResult()
    let table = r.sources
    r.summary = try format.reader.read(bytes: bytes, name: name, options: options, sources: { table.id($0) }, into: &r.sink)
    return r
}

func read(_ format: TextFormat, text: String, name: String = "input", options: ReadOptions = ReadOptions()) throws -> ReadResult {
    try read(format, bytes: Array(text.utf8), name: name, options: options)
}

func read(_ format: TextFormat, path: URL, options: ReadOptions = ReadOptions()) throws -> ReadResult {
    var r = ReadResult()
    let table = r.sources
    r.summary = try format.reader.read(path: path.path, options: options, sources: { table.id($0) }, into: &r.sink)
    return r
}

func name(_ s: String) -> DNSName { try! DNSName(s) }

extension TestData {
    /// The example log lines of the passivedns README (lines holding `||`, its header included).
    static func passiveDNSReadmeLines() throws -> String {
        let readme = try String(contentsOf: shared.appendingPathComponent("passive-dns/gamelinux-passivedns/README"), encoding: .utf8)
        return readme.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.contains("||") && ($0.hasPrefix("#timestamp") || $0.first?.isNumber == true) }
            .joined(separator: "\n") + "\n"
    }

    /// Runs a program with `input` on stdin and returns its stdout.
    static func run(_ path: String, _ args: [String], input: [UInt8] = []) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        try p.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Array(out)
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] { try run("/usr/bin/gzip", ["-c", "-n"], input: bytes) }
}
