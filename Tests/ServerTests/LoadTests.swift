import Foundation
import Store
import TestSupport
import Testing

/// `wrk` against `fluxscope serve` on loopback for a bounded time (requests/s, p99 latency,
/// zero 5xx, zero socket errors), then 1,000 malformed requests, each answered with a 4xx.
/// Figures go to test-artifacts/load-test.txt. A measurement, kept with the tests because its
/// assertions (no 5xx, no errors, 4xx for bad input) are behaviour.
/// The load generator, if installed.
let wrkPath = TestEnvironment.tool("/usr/bin/wrk")

extension ServerSuites {
@Suite(.serialized) struct LoadTests {

    @Test(.enabled(if: wrkPath != nil, "wrk is not installed (scripts/setup.sh installs it)"), .timeLimit(.minutes(2)))
    func wrkAndMalformedRequests() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let path = dir.appendingPathComponent("load.sqlite").path
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        try await ServerFixture.seed(store)
        try await store.close()
        let serve = try await ServeProcess.start(directory: dir, database: "sqlite:" + path,
                                     arguments: ["--analysis-interval", "1h", "--resolver", "127.0.0.1:9"])
        defer { _ = serve.terminate(grace: 5) }
        let port = serve.port
        let domain = "www.flux-shop.test."
        let script = dir.appendingPathComponent("paths.lua").path
        try """
            local paths = {"/api/v1/domains?limit=20", "/api/v1/domains/\(domain)", "/api/v1/domains/\(domain)/timeline",
                           "/api/v1/networks", "/api/v1/status", "/api/v1/watchlist", "/", "/domains/\(domain)"}
            local i = 0
            request = function()
              i = i + 1
              return wrk.format("GET", paths[(i % #paths) + 1])
            end
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("wrk.out").path
        let child = try ChildProcess(wrkPath!, ["-t2", "-c16", "-d8s", "--timeout", "5s", "--latency", "-s", script,
                                                 "http://127.0.0.1:\(port)"], output: out)
        #expect(try await offPool { child.wait(timeout: 40) } == 0)
        let report = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(report.contains("Requests/sec:"), "\(report)")
        #expect(!report.contains("Non-2xx or 3xx responses"), "\(report)")
        #expect(!report.contains("Socket errors"), "\(report)")
        let rps = Self.value(after: "Requests/sec:", in: report)
        let p99 = report.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") }
            .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(3).trimmingCharacters(in: .whitespaces) } ?? "?"
        #expect((rps ?? 0) > 50)

        // 1,000 malformed requests: bad parameters, names, addresses, bodies, tokens, sizes.
        let token = try await ServeProcess.output(["token", "create", "--db", "sqlite:" + path], in: dir)
            .split(separator: "\n").first { $0.hasPrefix("fst_") }.map(String.init) ?? "none"
        let json = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let cases: [@Sendable () -> HTTPProbe.Reply?] = [
            { HTTPProbe.request("GET", "/api/v1/domains?limit=-5", port: port) },
            { HTTPProbe.request("GET", "/api/v1/domains?sort=%00%ff", port: port) },
            { HTTPProbe.request("GET", "/api/v1/domains?offset=99999999999999999999", port: port) },
            { HTTPProbe.request("GET", "/api/v1/domains/a..b", port: port) },
            { HTTPProbe.request("GET", "/api/v1/domains/\(String(repeating: "x", count: 300))", port: port) },
            { HTTPProbe.request("GET", "/api/v1/domains/%2e%2e%2f%2e%2e", port: port) },
            { HTTPProbe.request("GET", "/api/v1/addresses/999.1.1.1", port: port) },
            { HTTPProbe.request("GET", "/api/v1/addresses/%zz", port: port) },
            { HTTPProbe.request("GET", "/api/v1/exports/notify?asn=-1", port: port) },
            { HTTPProbe.request("GET", "/api/v1/networks?limit=1e9", port: port) },
            { HTTPProbe.request("GET", "/no/such/path", port: port) },
            { HTTPProbe.request("POST", "/api/v1/watchlist", port: port, body: #"{"domain": "a.test"}"#) },
            { HTTPProbe.request("POST", "/api/v1/watchlist", port: port, headers: ["Authorization": "Bearer nope"], body: "{}") },
            { HTTPProbe.request("POST", "/api/v1/watchlist", port: port, headers: json, body: "{\"domain\": ") },
            { HTTPProbe.request("POST", "/api/v1/watchlist", port: port, headers: json, body: #"{"domain": "-.-..-"}"#) },
            { HTTPProbe.request("POST", "/api/v1/watchlist", port: port, headers: json, body: #"{"domain": "a.test", "interval": "soon"}"#) },
            { HTTPProbe.request("POST", "/api/v1/watchlist", port: port, headers: json, body: String(repeating: "[", count: 70_000)) },
            { HTTPProbe.request("DELETE", "/api/v1/watchlist/%20", port: port, headers: json) },
            { HTTPProbe.request("POST", "/api/v1/ingest?format=pcap", port: port, headers: json, body: "not a pcap at all") },
            { HTTPProbe.request("POST", "/api/v1/ingest", port: port, headers: json, body: "????") },
        ]
        let (answered, fourxx, statuses) = try await offPool { () -> (Int, Int, [Int: Int]) in
            var answered = 0, fourxx = 0, statuses: [Int: Int] = [:]
            for i in 0..<1000 {
                if let reply = cases[i % cases.count]() {
                    answered += 1
                    statuses[reply.status, default: 0] += 1
                    if (400..<500).contains(reply.status) { fourxx += 1 }
                }
            }
            return (answered, fourxx, statuses)
        }
        #expect(answered == 1000)
        #expect(fourxx == 1000, "statuses: \(statuses)")
        #expect(await HTTPProbe.fetch("GET", "/api/v1/status", port: port)?.status == 200)

        let summary = """
            fluxscope serve load test (\(Date()))
            wrk -t2 -c16 -d8s over 8 GET endpoints (API, dashboard), loopback, debug build, 2 shared cores
            requests/s: \(rps.map { String($0) } ?? "?")
            p99 latency: \(p99)
            non-2xx/3xx: \(report.contains("Non-2xx") ? "some" : "0"), socket errors: \(report.contains("Socket errors") ? "some" : "0")
            malformed requests: 1000 sent, \(answered) answered, \(fourxx) with 4xx; statuses \(statuses.sorted { $0.key < $1.key })

            \(report)
            """
        let artifacts = TestEnvironment.packageRoot.appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        try summary.write(to: artifacts.appendingPathComponent("load-test.txt"), atomically: true, encoding: .utf8)
        #expect(await serve.stop(grace: 20) == 0)
        try? FileManager.default.removeItem(at: dir)
    }

    static func value(after label: String, in text: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
        return Double(line.replacingOccurrences(of: label, with: "").trimmingCharacters(in: .whitespaces))
    }
}
}
