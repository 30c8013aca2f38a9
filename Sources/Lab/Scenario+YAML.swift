import Foundation
import Yams

extension Scenario {
    /// Reads a scenario file; errors name the file and the key that was wrong.
    public static func load(path: String) throws(LabError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LabError("cannot read the scenario file: \(error.localizedDescription)", path: path)
        }
        return try parse(yaml: text, path: path)
    }

    /// Parses scenario YAML and checks it (`validate()`); `path` is only used in errors.
    public static func parse(yaml: String, path: String = "<scenario>") throws(LabError) -> Scenario {
        let scenario: Scenario
        do {
            scenario = try YAMLDecoder().decode(Scenario.self, from: yaml)
        } catch let error as DecodingError {
            throw LabError.from(error, path: path)
        } catch {
            throw LabError("not valid YAML: \(error)", path: path)
        }
        do {
            try scenario.validate()
        } catch var error {
            error.path = path
            throw error
        }
        return scenario
    }

    /// The scenario as YAML that `parse(yaml:)` reads back to an equal value.
    public func yaml() throws(LabError) -> String {
        do {
            return try YAMLEncoder().encode(self)
        } catch {
            throw LabError("cannot write the scenario as YAML: \(error)")
        }
    }
}

extension LabError {
    /// A decoding error as a lab error with the key path in scenario notation (`zones[2].ttl`).
    static func from(_ error: DecodingError, path: String) -> LabError {
        func render(_ codingPath: [any CodingKey]) -> String {
            var out = ""
            for key in codingPath {
                if let index = key.intValue {
                    out += "[\(index)]"
                } else {
                    out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return out
        }
        switch error {
        case .keyNotFound(let key, let context):
            return LabError("missing key '\(key.stringValue)'", path: path, key: render(context.codingPath + [key]))
        case .typeMismatch(let type, let context):
            return LabError("expected \(describe(type)): \(context.debugDescription)", path: path,
                            key: render(context.codingPath))
        case .valueNotFound(let type, let context):
            return LabError("expected \(describe(type)), found nothing", path: path, key: render(context.codingPath))
        case .dataCorrupted(let context):
            return LabError(context.debugDescription, path: path, key: render(context.codingPath))
        @unknown default:
            return LabError("\(error)", path: path)
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt32.Type, is UInt64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default: return "\(type)"
        }
    }
}
