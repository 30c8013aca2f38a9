import DNSWire
import Enrichment
import Foundation
import Lab
import TestSupport
import Testing

/// `fluxscope serve --lab` as a child process: domains added over HTTP, probed in the
/// simulated world at 5000x, judged, shown; screenshots by headless Chromium, kept under
/// test-artifacts/server-e2e/.
/// Debian's headless-capable browser, if installed.
let chromiumPath = TestEnvironment.tool("/usr/bin/chromium", "/usr/bin/chromium-browser")

extension ServerSuites {
@Suite(.serialized) struct EndToEndTests {
    static var artifacts: URL { TestEnvironment.packageRoot.appendingPathComponent("test-artifacts/server-e2e") }

    /// The lab names to watch: every probe name of three flux zones, one double-flux zone,
    /// and of a few benign look-alikes.
    static func watchNames() throws -> [String] {
        let world = try LabWorld(scenario: .standard)
        let zones = ["avalanche-shop.lab.", "secure-bank-login.lab.", "waledac-greetings.lab.", "pharma-double.lab.",
                     "webfarm-hetzner.lab.", "shop-akamai.lab.", "timepool.lab."].map { try! DNSName($0) }
        return world.probeDomains().filter { name in zones.contains { name.isSubdomain(of: $0) } }.map(\.description)
    }

    @Test(.enabled(if: chromiumPath != nil, "Debian chromium is not installed (scripts/setup.sh installs it)"),
          .enabled(if: FileManager.default.fileExists(atPath: LibLocDatabase.defaultPath), "libloc-database is not installed"),
          .timeLimit(.minutes(3)))
    func watchesTheLabJudgesAndShowsIt() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let db = "sqlite:" + dir.appendingPathComponent("serve.sqlite").path
        let tokenOutput = try await ServeProcess.output(["token", "create", "--name", "e2e", "--db", db], in: dir)
        let token = try #require(tokenOutput.split(separator: "\n").first { $0.hasPrefix("fst_") }.map(String.init))
        let serve = try await ServeProcess.start(directory: dir, database: db, arguments: ["--lab", "--analysis-interval", "2s"])
        defer { _ = serve.terminate(grace: 5) }
        let port = serve.port

        let names = try Self.watchNames()
        #expect(names.count >= 8)
        for name in names {
            let r = await HTTPProbe.fetch("POST", "/api/v1/watchlist", port: port,
                                      headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                      body: #"{"domain": "\#(name)", "note": "e2e"}"#)
            #expect(r?.status == 201, "\(name): \(r?.body ?? "no answer")")
        }
        #expect(await HTTPProbe.fetch("POST", "/api/v1/watchlist", port: port, body: #"{"domain": "x.lab"}"#)?.status == 401)

        // Verdicts appear as the watcher probes and the analysis reruns: wait for a domain of a
        // flux zone to be judged fast flux, and for a flux network of several domains.
        let fluxZones = ["avalanche-shop.lab.", "secure-bank-login.lab.", "waledac-greetings.lab."]
        var domain: String?, network: String?
        let deadline = Date().addingTimeInterval(100)
        while Date() < deadline && (domain == nil || network == nil) {
            try await Task.sleep(for: .seconds(2))
            let list = HTTPProbe.json(await HTTPProbe.fetch("GET", "/api/v1/domains?verdict=fast-flux&level=fqdn&sort=-n_a&limit=500", port: port))
            domain = (list["items"] as? [[String: Any]] ?? []).compactMap { $0["domain"] as? String }
                .first { d in fluxZones.contains { d.hasSuffix("." + $0) } }
            let nets = HTTPProbe.json(await HTTPProbe.fetch("GET", "/api/v1/networks?limit=500", port: port))
            network = (nets["items"] as? [[String: Any]] ?? []).filter { ($0["domains"] as? Int ?? 0) >= 2 }
                .max { ($0["domains"] as? Int ?? 0) < ($1["domains"] as? Int ?? 0) }?["id"] as? String
        }
        let fluxDomain = try #require(domain, "no flux-zone domain judged fast flux in time\n\(serve.logText.suffix(2000))")
        var fluxNetwork = try #require(network, "no flux network of two or more domains in time")
        // Ids follow the largest overlap from run to run, so check the page still shows several
        // domains (the analysis reruns every 2 s) and pick again if not.
        for _ in 0..<10 {
            let page = await HTTPProbe.fetch("GET", "/networks/\(fluxNetwork)", port: port)?.body ?? ""
            if page.components(separatedBy: "?level=fqdn\">").count - 1 >= 2 { break }
            let nets = HTTPProbe.json(await HTTPProbe.fetch("GET", "/api/v1/networks?limit=500", port: port))
            if let id = (nets["items"] as? [[String: Any]] ?? []).max(by: { ($0["domains"] as? Int ?? 0) < ($1["domains"] as? Int ?? 0) })?["id"] as? String {
                fluxNetwork = id
            }
            try await Task.sleep(for: .milliseconds(300))
        }
        let metrics = await HTTPProbe.fetch("GET", "/metrics", port: port)?.body ?? ""
        #expect(metrics.contains("fluxscope_probe_queries_answered_total"))
        #expect(!metrics.contains("fluxscope_probe_queries_answered_total 0\n"))

        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let pages: [(String, String, [String])] = [
            ("overview", "/", ["id=\"verdict-counts\"", "Newest detections", "id=\"chart-verdicts\"", "fast-flux"]),
            ("domain", "/domains/\(fluxDomain)?level=fqdn", ["id=\"chart-growth\"", "id=\"chart-asns\"", "id=\"chart-countries\"",
                                                         "id=\"chart-ttl\"", "Evidence of the FluxScope verdict", "Holz et al. 2008"]),
            ("network", "/networks/\(fluxNetwork)", ["id=\"chart-agents\"", "id=\"chart-graph\"", "Member domains", "<circle", "<line"]),
        ]
        for (name, path, expected) in pages {
            var url = "http://127.0.0.1:\(port)\(path)"
            var dom = try await chromium(["--dump-dom", url], in: dir)
            // A network that dissolved between the pick and the browser's visit (its domains
            // judged otherwise in a rerun; a merged one redirects) is picked again.
            for _ in 0..<5 where name == "network" && dom.contains("No flux network") {
                let nets = HTTPProbe.json(await HTTPProbe.fetch("GET", "/api/v1/networks?limit=500", port: port))
                guard let id = (nets["items"] as? [[String: Any]] ?? [])
                    .max(by: { ($0["domains"] as? Int ?? 0) < ($1["domains"] as? Int ?? 0) })?["id"] as? String else { break }
                url = "http://127.0.0.1:\(port)/networks/\(id)"
                dom = try await chromium(["--dump-dom", url], in: dir)
            }
            for text in expected { #expect(dom.contains(text), "\(name) page lacks \(text)") }
            #expect(dom.contains("role=\"img\""))
            let png = Self.artifacts.appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: png)
            _ = try await chromium(["--screenshot=\(png.path)", "--window-size=1366,900", url], in: dir)
            let bytes = try Data(contentsOf: png)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png is not a PNG")
            #expect(bytes.count > 10_000, "\(name).png is suspiciously small")
        }

        // SIGTERM: in-flight work finishes and the server exits cleanly.
        let exit = await serve.stop(grace: 30)
        #expect(exit == 0, "exit status \(String(describing: exit)); log:\n\(serve.logText.suffix(1500))")
        try? FileManager.default.removeItem(at: dir)
    }

    /// Runs headless Chromium and returns what it printed on standard output (the DOM with
    /// `--dump-dom`); its standard error (D-Bus complaints, and on some machines the Debian
    /// launcher script's own) goes to a file beside it.
    func chromium(_ arguments: [String], in dir: URL) async throws -> String {
        try await offPool { try Self.runChromium(arguments, in: dir) }
    }

    static func runChromium(_ arguments: [String], in dir: URL) throws -> String {
        let out = dir.appendingPathComponent("chromium-\(UUID().uuidString).out").path
        let profile = dir.appendingPathComponent("chromium-profile").path
        let child = try ChildProcess(chromiumPath!, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                      "--hide-scrollbars", "--user-data-dir=\(profile)", "--no-first-run",
                                                      "--virtual-time-budget=2000"] + arguments, output: out, errors: out + ".err")
        if child.wait(timeout: 60) == nil { child.stop(grace: 1) }
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }
}
}
