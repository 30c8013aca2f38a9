import Foundation
import Testing
import TestSupport

/// `fluxscope decode`, the built binary, over every capture and over damaged copies:
/// it must end in time with a sane status, print one valid JSON object per DNS message
/// with the contract's fields, and `--count` must add up to the same lines.
@Suite(.serialized) struct DecodeCommandTests {
    /// `fluxscope`, built beside the test bundle (`swift build` builds it).
    static let binary: String? = {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(TestEnvironment.packageRoot.appendingPathComponent(".build/debug"))
        return candidates.map { $0.appendingPathComponent("fluxscope").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `fluxscope` with a time limit; returns its status (nil on timeout), stdout and stderr.
    static func run(_ arguments: [String], timeout: Double = 60) async throws -> (status: Int32?, out: String, err: String) {
        guard let binary else { throw TsharkError("fluxscope not found beside the tests; run `swift build` first") }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path, err = dir.appendingPathComponent("err").path
        let quoted = ([binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let child = try ChildProcess("/bin/sh", ["-c", "exec \(quoted) > '\(out)' 2> '\(err)'"])
        let status = await child.exit(within: timeout)
        if status == nil { child.stop(grace: 1) }
        return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// The CLI contract (ARCHITECTURE.md): 0 success, 1 failure, 2 bad usage, for every
    /// command; ArgumentParser alone would exit 64 on a usage error.
    @Test func exitCodesFollowTheContract() async throws {
        for arguments in [["decode", "--bogus"], ["analyze", "--min-score"], ["export", "nonsense"], ["nonsense"], ["ingest", "--batch-size", "many", "f.pcap"]] {
            let (status, _, err) = try await DecodeCommandTests.run(arguments)
            #expect(status == 2, "\(arguments): \(String(describing: status)) \(err.prefix(200))")
            #expect(err.contains("Usage") || err.contains("Error"), "\(arguments) says why: \(err.prefix(200))")
        }
        // A file that cannot be opened is named; the command line was wrong (2).
        let missing = try await DecodeCommandTests.run(["decode", "/nonexistent/capture.pcap"])
        #expect(missing.status == 2 && missing.err.contains("/nonexistent/capture.pcap"))
        #expect(!missing.err.contains("Usage"), "a running command's error needs no usage text")
        let help = try await DecodeCommandTests.run(["analyze", "--help"])
        #expect(help.status == 0 && help.out.contains("USAGE"))
    }

    static let portArguments = ["--port", "5353", "--port", "5355"]

    @Test(arguments: Corpus.files)
    func everyLineIsAContractObject(file: String) async throws {
        let (status, out, err) = try await DecodeCommandTests.run(["decode"] + DecodeCommandTests.portArguments + [Corpus.path(file)])
        #expect(status == 0, "\(file): status \(String(describing: status)); \(err)")
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(out.isEmpty || out.hasSuffix("\n"))
        let expected = try Corpus.messages(file).messages
        #expect(lines.count == expected.count, "\(file): \(lines.count) lines for \(expected.count) messages")
        var sums = [0, 0, 0, 0], malformed = 0
        for (n, line) in lines.enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                Issue.record("\(file) line \(n + 1) is not a JSON object: \(line.prefix(200))")
                continue
            }
            let problems = DecodeCommandTests.contractProblems(object)
            #expect(problems.isEmpty, "\(file) line \(n + 1): \(problems)")
            if n < expected.count { #expect(object["frame"] as? Int == expected[n].frame) }
            for (i, key) in ["questions", "answers", "authority", "additional"].enumerated() {
                sums[i] += (object[key] as? [Any])?.count ?? 0
            }
            if object["edns"] != nil { sums[3] += 1 }
            if object["error"] != nil { malformed += 1 }
        }

        let counted = try await DecodeCommandTests.run(["decode", "--count"] + DecodeCommandTests.portArguments + [Corpus.path(file)])
        #expect(counted.status == 0, "\(file) --count: \(counted.err)")
        let totals = try JSONSerialization.jsonObject(with: Data(counted.out.utf8)) as? [String: Any] ?? [:]
        #expect(totals["dns_messages"] as? Int == lines.count, "\(file) --count dns_messages")
        #expect(totals["malformed"] as? Int == malformed, "\(file) --count malformed")
        for (i, key) in ["questions", "answers", "authority", "additional"].enumerated() {
            #expect(totals[key] as? Int == sums[i], "\(file) --count \(key): \(totals[key] ?? "none") vs \(sums[i]) in the JSON lines")
        }
    }

    /// What is wrong with one line against the contract in ARCHITECTURE.md (empty if nothing).
    static func contractProblems(_ o: [String: Any]) -> [String] {
        var problems: [String] = []
        func need(_ ok: Bool, _ what: String) { if !ok { problems.append(what) } }
        func isNumber(_ v: Any?) -> Bool { v is Int || v is Double }
        func isName(_ v: Any?) -> Bool { (v as? String)?.hasSuffix(".") == true }
        need(isNumber(o["ts"]), "ts")
        need(o["frame"] is Int, "frame")
        need(o["src"] is String && o["dst"] is String, "src/dst")
        need(o["sport"] is Int && o["dport"] is Int, "ports")
        need(["udp", "tcp"].contains(o["transport"] as? String), "transport")
        need(o["id"] is Int, "id")
        need(o["qr"] is Bool, "qr")
        need(o["opcode"] is String && o["rcode"] is String, "opcode/rcode")
        need(o["flags"] is [String], "flags")
        let questions = o["questions"] as? [[String: Any]]
        need(questions != nil, "questions")
        for q in questions ?? [] {
            need(isName(q["name"]) && q["type"] is String && q["class"] is String, "question fields")
        }
        for key in ["answers", "authority", "additional"] {
            let records = o[key] as? [[String: Any]]
            need(records != nil, key)
            for r in records ?? [] {
                need(isName(r["name"]) && r["type"] is String && r["class"] is String && r["ttl"] is Int && r["data"] is String,
                     "\(key) record fields")
            }
        }
        if let e = o["error"] {
            let error = e as? [String: Any]
            need(error?["kind"] is String && error?["offset"] is Int && error?["reason"] is String, "error fields")
        }
        return problems
    }

    /// Damaged copies of real captures (cut at many points, octets overwritten): the
    /// decoder must end within the time limit, by itself, without a signal: status 0, or 1
    /// with a message when the file cannot be read at all.
    @Test func damagedCapturesNeitherCrashNorHang() async throws {
        let sources = ["zeek/Traces/dns-edns-ecs.pcap", "pcapng/dns-edns-ecs.pcapng", "go-dnscollector/pcap/dnsdump_tcp.pcap",
                       "pcapng/dnsdump_udp_truncated+tcp_fragmented.pcapng", "zeek/Traces/ipv6-fragmented-dns.pcap"]
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var g = SplitMix(seed: 53)
        var runs = 0
        for source in sources {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Corpus.path(source))))
            for variant in 0..<6 {
                var bytes = original
                if variant % 2 == 0 {
                    bytes = Array(bytes.prefix(24 + g.below(max(1, bytes.count - 24))))
                }
                for _ in 0..<(variant * 40) {
                    bytes[24 + g.below(bytes.count - 24)] = UInt8(truncatingIfNeeded: g.next())
                }
                let path = dir.appendingPathComponent("damaged-\(runs).bin").path
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let (status, _, err) = try await DecodeCommandTests.run(["decode", path], timeout: 30)
                #expect(status == 0 || status == 1, "\(source) variant \(variant): status \(String(describing: status)) \(err.suffix(300))")
                runs += 1
            }
        }
        #expect(runs == sources.count * 6)
    }
}

/// A deterministic generator (SplitMix64) for reproducible damage.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}
