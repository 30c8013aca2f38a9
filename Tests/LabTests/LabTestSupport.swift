import DNSWire
import Foundation
@testable import Lab

/// Shared fixtures: the built-in world (built once per process; the network catalog is
/// cached, so further worlds are cheap) and helpers to ask it.
enum LabFixture {
    /// The built-in world.
    static let world: LabWorld = {
        do { return try LabWorld() } catch { fatalError("the built-in lab world does not build: \(error)") }
    }()

    /// The simulated time `seconds` after the scenario start.
    static func time(_ seconds: Double) -> Date { Scenario.defaultStart.addingTimeInterval(seconds) }

    /// Asks `world` for `type` at `name` at `seconds` after the start.
    static func ask(_ name: String, _ type: RecordType = .a, at seconds: Double = 0, world: LabWorld = world,
                    client: LabClient = LabClient(), view: LabView = .full) -> Message {
        let question = Question(name: try! DNSName(name), type: type)
        return world.answer(question, at: time(seconds), client: client, view: view)
    }

    /// The addresses in a response's answer section.
    static func addresses(_ message: Message) -> [IPAddress] {
        message.answers.compactMap {
            switch $0.data {
            case .a(let a): return .v4(a)
            case .aaaa(let a): return .v6(a)
            default: return nil
            }
        }
    }

    /// The origin AS of an address according to libloc.
    static func origin(_ address: IPAddress, world: LabWorld = world) -> UInt32? {
        world.catalog.originASN(of: address)
    }

    /// A world from a scenario with the given zones.
    static func world(_ zones: [ZoneSpec], seed: UInt64 = 7) throws -> LabWorld {
        try LabWorld(scenario: Scenario(seed: seed, zones: zones))
    }
}
