import Foundation
import TestSupport

extension HTTPProbe {
    /// `request` off the cooperative pool.
    static func fetch(_ method: String, _ path: String, port: Int, headers: [String: String] = [:], body: String = "") async -> Reply? {
        (try? await offPool { request(method, path, port: port, headers: headers, body: body) }) ?? nil
    }
}
