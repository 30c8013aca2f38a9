import Foundation
import Store
import Yams

extension ServerConfiguration {
    /// Reads a YAML config file (JSON is YAML too) over the defaults; unknown keys are errors,
    /// so that a misspelt key is not silently ignored. The keys are listed in docs/server.md.
    public static func load(path: String) throws -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read the config file \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), origin: path)
    }

    /// Parses config text; `origin` names it in errors.
    public static func parse(_ text: String, origin: String = "config") throws -> ServerConfiguration {
        let node: Any?
        do { node = try Yams.load(yaml: text) } catch { throw ConfigurationError("\(origin): not YAML: \(error)") }
        var c = ServerConfiguration()
        guard let node else { return c }
        guard let map = node as? [String: Any] else { throw ConfigurationError("\(origin): the top level must be a mapping of keys") }
        var reader = ConfigReader(map: map, origin: origin)
        if let v = try reader.string("host") { c.host = v }
        if let v = try reader.int("port") { c.port = v }
        if let v = try reader.string("db") {
            do { c.store = try StoreURL(parsing: v) } catch { throw ConfigurationError("\(origin): db: \(error.reason)") }
        }
        if let v = try reader.string("read-access") {
            guard let access = ReadAccess(rawValue: v) else { throw ConfigurationError("\(origin): read-access is open or token, not '\(v)'") }
            c.readAccess = access
        }
        if let v = try reader.strings("cors-origins") { c.corsOrigins = v }
        if let v = try reader.int("max-body") { c.maxBodyBytes = v }
        if let v = try reader.int("max-upload") { c.maxUploadBytes = v }
        if let v = try reader.duration("analysis-interval") { c.analysisInterval = v }
        if let v = try reader.string("psl") { c.publicSuffixList = v }
        if let v = try reader.strings("asn-db") { c.asnDatabases = v }
        if let v = try reader.strings("resolvers") { c.resolvers = v }
        if let v = try reader.string("authoritative") { c.authoritative = v }
        if let v = try reader.duration("watch-tick") { c.watchTick = v }
        if let v = try reader.duration("min-interval") { c.minInterval = v }
        if let v = try reader.duration("max-interval") { c.maxInterval = v }
        if let v = try reader.double("qps") { c.probeQPS = v }
        if let v = try reader.double("time-scale") { c.timeScale = v }
        if let v = try reader.string("dnstap") { c.dnstap = v }
        if let v = try reader.bool("lab") { c.lab = v }
        if let v = try reader.string("lab-scenario") { c.labScenario = v }
        if let v = try reader.duration("shutdown-grace") { c.shutdownGrace = v }
        if let unknown = reader.unread.first {
            throw ConfigurationError("\(origin): unknown key '\(unknown)' (see docs/server.md for the keys)")
        }
        try c.validate()
        return c
    }
}

/// Typed reads from a parsed YAML mapping, remembering which keys were read.
struct ConfigReader {
    let map: [String: Any]
    let origin: String
    private(set) var unread: [String]

    init(map: [String: Any], origin: String) {
        self.map = map
        self.origin = origin
        unread = map.keys.sorted()
    }

    mutating func value(_ key: String) -> Any? {
        unread.removeAll { $0 == key }
        return map[key]
    }

    mutating func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        if let s = v as? String { return s }
        if let i = v as? Int { return String(i) }
        throw ConfigurationError("\(origin): \(key) must be text")
    }

    mutating func int(_ key: String) throws -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v as? Int else { throw ConfigurationError("\(origin): \(key) must be a whole number") }
        return i
    }

    mutating func double(_ key: String) throws -> Double? {
        guard let v = value(key) else { return nil }
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        throw ConfigurationError("\(origin): \(key) must be a number")
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v as? Bool else { throw ConfigurationError("\(origin): \(key) must be true or false") }
        return b
    }

    mutating func strings(_ key: String) throws -> [String]? {
        guard let v = value(key) else { return nil }
        if let s = v as? String { return [s] }
        guard let list = v as? [Any], let texts = list as? [String] else { throw ConfigurationError("\(origin): \(key) must be a list of text") }
        return texts
    }

    /// Seconds, from a number or a duration such as `30s`, `5m`, `2h`, `1d`.
    mutating func duration(_ key: String) throws -> Double? {
        guard let v = value(key) else { return nil }
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        if let s = v as? String, let d = Durations.seconds(s) { return d }
        throw ConfigurationError("\(origin): \(key) must be seconds or a duration such as 30s, 5m, 2h")
    }
}

/// Durations as text: `250ms`, `30s`, `5m`, `2h`, `1d`, or plain seconds.
public enum Durations {
    /// Seconds, or `nil` when the text is not a duration.
    public static func seconds(_ text: String) -> Double? {
        if let n = Double(text), n >= 0 { return n }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let n = Double(text.dropLast(unit.count)), n >= 0, n.isFinite { return n * factor }
        }
        return nil
    }
}
