/// A parsed JSON value (RFC 8259). Numbers keep their text so that integers above 2^53
/// are not rounded; objects keep the last value of a repeated key.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number as written.
    case number(String)
    /// A string, escapes undone.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, if this is one.
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }

    /// The number as a `Double`, if this is a number.
    public var double: Double? { if case .number(let n) = self { return Double(n) } else { return nil } }

    /// The number as an `Int64` if it is an integer that fits (`12`, not `12.5`).
    public var int64: Int64? { if case .number(let n) = self { return Int64(n) } else { return nil } }

    /// The object's members, if this is an object.
    public var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }

    /// The elements, if this is an array.
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }

    /// A short name of the value's kind, for messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
