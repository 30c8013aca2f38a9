import Foundation
import DNSWire
import Hummingbird

/// Checked reads of query parameters and path segments: every bad value is a 400 that names
/// the parameter and says what is accepted.
struct QueryReader {
    let request: Request

    /// The raw value of a query parameter (percent-decoded), or `nil`.
    func raw(_ name: String) -> String? {
        request.uri.queryParameters.get(name).map { String($0) }
    }

    /// An integer within `range`, `fallback` when absent.
    func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = raw(name) else { return fallback }
        guard let v = Int(text), range.contains(v) else {
            throw APIError.badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text.prefix(64))'", code: "bad_parameter")
        }
        return v
    }

    /// A number, `nil` when absent.
    func double(_ name: String) throws -> Double? {
        guard let text = raw(name) else { return nil }
        guard let v = Double(text), v.isFinite else {
            throw APIError.badRequest("\(name) must be a number, not '\(text.prefix(64))'", code: "bad_parameter")
        }
        return v
    }

    /// One of `allowed`, `nil` when absent.
    func choice(_ name: String, _ allowed: [String]) throws -> String? {
        guard let text = raw(name) else { return nil }
        guard allowed.contains(text) else {
            throw APIError.badRequest("\(name) must be one of \(allowed.joined(separator: ", ")), not '\(text.prefix(64))'", code: "bad_parameter")
        }
        return text
    }

    /// A domain name from a path segment or parameter.
    static func domain(_ text: String?, what: String = "domain") throws -> DNSName {
        guard let text, !text.isEmpty else { throw APIError.badRequest("give a \(what)", code: "bad_domain") }
        let decoded = text.removingPercentEncoding ?? text
        guard decoded.utf8.count <= 1024 else { throw APIError.badRequest("the \(what) is too long", code: "bad_domain") }
        guard decoded != ".", decoded.utf8.allSatisfy(hostByte), let name = try? DNSName(decoded) else {
            throw APIError.badRequest("'\(decoded.prefix(64))' is not a domain name (letters, digits, hyphens, underscores, dots; labels up to 63 and names up to 255 octets)", code: "bad_domain")
        }
        return name
    }

    /// Octets a domain name in the API may hold: LDH, underscore (service labels), `*`.
    static func hostByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x2A
    }

    /// An IPv4 or IPv6 address from a path segment.
    static func address(_ text: String?) throws -> IPAddress {
        let decoded = text.flatMap { $0.removingPercentEncoding } ?? ""
        guard decoded.utf8.count <= 64, let address = IPAddress(decoded) else {
            throw APIError.badRequest("'\(decoded.prefix(64))' is not an IPv4 or IPv6 address", code: "bad_address")
        }
        return address
    }
}
