import FluxModel
import Foundation
import Ingest
import Store

/// Bearer tokens for the write endpoints: `fst_` and 32 random octets in hex. The store
/// keeps only their SHA-256, so a leaked database does not leak working tokens.
public enum APITokens {
    /// A new token (to show once) and the record to store.
    public static func generate(name: String, at time: Timestamp = Date().timeIntervalSince1970) -> (token: String, record: APIToken) {
        var rng = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let token = "fst_" + hex(secret)
        let id = "tok_" + hex(Array(secret.prefix(4)))
        return (token, APIToken(id: id, name: name, sha256: digest(token), createdAt: time))
    }

    /// The stored form of a token: its SHA-256 in lower-case hex.
    public static func digest(_ token: String) -> String { hex(SHA256.hash(Array(token.utf8))) }

    /// Stores a new token and returns it (the only time it is shown).
    public static func create(name: String, in store: any ObservationStore) async throws -> (token: String, record: APIToken) {
        let made = generate(name: name)
        try await store.addToken(made.record)
        return made
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
