import DNSWire
import Foundation
import Testing
@testable import Lab

@Suite struct DeterminismTests {
    func transcript(_ world: LabWorld) -> [Message] {
        var out: [Message] = []
        for seconds in [0.0, 3_600, 86_400 * 2.5] {
            for name in world.probeDomains() {
                for type in [RecordType.a, .aaaa, .ns] {
                    let question = Question(name: name, type: type)
                    out.append(world.answer(question, at: LabFixture.time(seconds), client: LabClient(port: 5353)))
                    out.append(world.answer(question, at: LabFixture.time(seconds), view: .parent))
                }
            }
        }
        return out
    }

    @Test func sameSeedAndTimeGiveTheSameAnswers() throws {
        let again = try LabWorld(scenario: .standard)
        #expect(transcript(LabFixture.world) == transcript(again))
    }

    @Test func anotherSeedGivesOtherAnswers() throws {
        var scenario = Scenario.standard
        scenario.seed += 1
        let other = try LabWorld(scenario: scenario)
        let a = transcript(LabFixture.world), b = transcript(other)
        let differing = zip(a, b).filter { $0 != $1 }.count
        #expect(differing > a.count / 3)
    }

    @Test func generatorIsStable() {
        var g = SplitMix64(seed: 0)
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(SplitMix64.hash("Example.LAB") == SplitMix64.hash("example.lab"))
    }

    @Test func clockRunsScaled() async throws {
        let realStart = ContinuousClock.now
        let clock = SimulatedClock(start: Scenario.defaultStart, scale: 5000)
        let before = clock.now()
        try await Task.sleep(for: .milliseconds(50))
        let after = clock.now()
        let real = ContinuousClock.now - realStart
        let realSeconds = Double(real.components.seconds) + Double(real.components.attoseconds) * 1e-18
        let simulated = after.timeIntervalSince(before)
        #expect(simulated >= 250)  // at least 50 ms real at 5000x
        #expect(simulated <= realSeconds * 5000 + 1)
        #expect(before.timeIntervalSince(Scenario.defaultStart) <= realSeconds * 5000 + 1)
    }
}
