import DNSWire
import Foundation
import Testing
@testable import Lab

@Suite struct ScenarioTests {
    @Test func builtInScenarioRoundTripsThroughYAML() throws {
        let yaml = try Scenario.standard.yaml()
        let back = try Scenario.parse(yaml: yaml)
        #expect(back == Scenario.standard)
    }

    @Test func aFileWithEveryClassParses() throws {
        var yaml = """
            seed: 99
            start: 2025-06-01T12:00:00Z
            time-scale: 2500
            tlds: [lab, test]
            zones:
            """
        for kind in DomainClass.allCases {
            yaml += "\n  - name: \(kind.rawValue)-zone.lab\n    class: \(kind.rawValue)\n    ttl: 120"
        }
        yaml += """

              - name: tuned.test
                class: double-flux
                ns-count: 3
                ns-pool: 9
                glue-ttl: 0
                glue-rotation: 15m
                change-every: 1.5d
                min-lifetime: 90
                max-lifetime: 2h
                asns: [7922, 3320]
                wildcard: false
            """
        let scenario = try Scenario.parse(yaml: yaml, path: "every.yaml")
        #expect(scenario.seed == 99)
        #expect(scenario.timeScale == 2500)
        #expect(scenario.start == ISO8601DateFormatter().date(from: "2025-06-01T12:00:00Z"))
        #expect(Set(scenario.zones.map(\.kind)) == Set(DomainClass.allCases))
        let tuned = try #require(scenario.zones.last).resolved()
        #expect(tuned.glueRotation.seconds == 900)
        #expect(tuned.changeEvery.seconds == 129_600)
        #expect(tuned.minLifetime.seconds == 90 && tuned.maxLifetime.seconds == 7200)
        #expect(tuned.nsCount == 3 && tuned.nsPool == 9 && tuned.glueTTL == 0 && !tuned.wildcard)
        #expect(try Scenario.parse(yaml: scenario.yaml()) == scenario)
    }

    @Test func everyClassBuildsAndAnswersFromAFile() throws {
        var scenario = Scenario(seed: 3, tlds: ["lab"])
        scenario.zones = DomainClass.allCases.map { ZoneSpec(name: "\($0.rawValue).lab", kind: $0) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-every-\(getpid()).yaml").path
        try scenario.yaml().write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try Scenario.load(path: path)
        #expect(loaded == scenario)
        let world = try LabWorld(scenario: loaded)
        for (zone, kind) in world.zoneClasses {
            let names = world.probeDomains().filter { $0.isSubdomain(of: zone) }
            #expect(!names.isEmpty || zone.description.hasPrefix("cdn-provider"), "\(kind) has no names to probe")
            for name in names {
                let response = world.answer(Question(name: name, type: .a), at: LabFixture.time(1000))
                #expect(response.rcode == .noError && !response.answers.isEmpty, "\(name) (\(kind))")
            }
        }
    }

    @Test func unknownKeyNamesFileAndKey() {
        let yaml = "zones:\n  - name: a.lab\n    class: cdn\n    tll: 60\n"
        let error = #expect(throws: LabError.self) { try Scenario.parse(yaml: yaml, path: "bad.yaml") }
        #expect(error?.path == "bad.yaml")
        #expect(error?.key == "zones[0].tll")
        #expect(error?.description.contains("unknown key 'tll'") == true)
    }

    @Test func wrongTypeNamesTheKey() {
        let yaml = "zones:\n  - name: a.lab\n    class: cdn\n  - name: b.lab\n    class: vpn\n    ttl: soon\n"
        let error = #expect(throws: LabError.self) { try Scenario.parse(yaml: yaml, path: "types.yaml") }
        #expect(error?.key == "zones[1].ttl")
        #expect(error?.description.hasPrefix("types.yaml: at zones[1].ttl: expected an integer") == true)
    }

    @Test func unknownClassAndMissingKeyAreErrors() {
        let badClass = #expect(throws: LabError.self) {
            try Scenario.parse(yaml: "zones:\n  - name: a.lab\n    class: botnet\n", path: "c.yaml")
        }
        #expect(badClass?.key == "zones[0].class")
        let missing = #expect(throws: LabError.self) {
            try Scenario.parse(yaml: "zones:\n  - class: cdn\n", path: "m.yaml")
        }
        #expect(missing?.key == "zones[0].name")
    }

    @Test func validationErrorsNameTheKey() {
        let outside = #expect(throws: LabError.self) {
            try Scenario.parse(yaml: "zones:\n  - name: a.example\n    class: cdn\n", path: "v.yaml")
        }
        #expect(outside?.key == "zones[0].name")
        #expect(outside?.path == "v.yaml")
        let range = #expect(throws: LabError.self) {
            try Scenario.parse(yaml: "zones:\n  - name: a.lab\n    class: vpn\n    online: 1.5\n", path: "v.yaml")
        }
        #expect(range?.key == "zones[0].online")
        let duration = #expect(throws: LabError.self) {
            try Scenario.parse(yaml: "zones:\n  - name: a.lab\n    class: vpn\n    change-every: often\n")
        }
        #expect(duration?.key == "zones[0].change-every")
        let duplicate = #expect(throws: LabError.self) {
            try Scenario.parse(yaml: "zones:\n  - {name: a.lab, class: vpn}\n  - {name: A.lab, class: cdn}\n")
        }
        #expect(duplicate?.key == "zones[1].name")
    }

    @Test func notYAMLIsAClearError() {
        let error = #expect(throws: LabError.self) { try Scenario.parse(yaml: "zones: [\n", path: "broken.yaml") }
        #expect(error?.path == "broken.yaml")
    }

    @Test func loadReportsAMissingFile() {
        let error = #expect(throws: LabError.self) { try Scenario.load(path: "/nonexistent/scenario.yaml") }
        #expect(error?.path == "/nonexistent/scenario.yaml")
    }

    @Test func durationsParseAndPrint() {
        #expect(SimDuration(text: "90")?.seconds == 90)
        #expect(SimDuration(text: "30m")?.seconds == 1800)
        #expect(SimDuration(text: "1.5d")?.seconds == 129_600)
        #expect(SimDuration(text: "2w")?.seconds == 1_209_600)
        #expect(SimDuration(text: "-5s") == nil)
        #expect(SimDuration(text: "soon") == nil)
        #expect(SimDuration.hours(6).description == "6h")
        #expect(SimDuration.seconds(90).description == "90s")
    }
}
