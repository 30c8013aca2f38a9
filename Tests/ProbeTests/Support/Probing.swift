import DNSWire
import FluxModel
import Probe

/// Runs a probe over `names` and returns the summary and everything the sink saw.
func probe(_ config: ProbeConfig, _ names: [String]) async throws -> (ProbeSummary, CollectingSink) {
    let sink = CollectingSink()
    let list = NameList(try names.map { try DNSName($0) })
    let summary = try await Prober(config: config).run(list, sink: sink)
    return (summary, sink)
}

/// A configuration for loopback tests: short timeouts, no retries unless asked.
func testConfig(_ mode: ProbeConfig.Mode, types: [RecordType] = [.a]) -> ProbeConfig {
    var c = ProbeConfig(mode: mode)
    c.types = types
    c.timeout = 0.5
    c.retries = 1
    c.udpSockets = 2
    c.tcpConnectionsPerServer = 1
    return c
}

extension ProbeResult {
    /// The A addresses answered, as text, sorted.
    var addresses: [String] {
        observations.filter { $0.section == .answer && ($0.type == .a || $0.type == .aaaa) }
            .map { $0.data.presentation(type: $0.type) }.sorted()
    }
}

/// A zone for `origin` with an SOA, one NS (ns1 at 127.0.0.1) and the given records.
func zoneText(_ origin: String, serial: Int = 1, _ records: [String]) -> String {
    (["$ORIGIN \(origin)", "$TTL 60",
      "@ IN SOA ns1.\(origin) host.\(origin) \(serial) 3600 600 86400 5",
      "@ IN NS ns1.\(origin)", "ns1 IN A 127.0.0.1"] + records).joined(separator: "\n") + "\n"
}
