// Fills a store with a synthetic world for timing `fluxscope analyze` (bench/analyze.sh):
// DOMAINS domains with SIGHTINGS sightings each (A records, then one NS), two answer sets
// per domain, and an enrichment record per address, all written through the store's bulk
// path (`ObservationStore.write`, `upsertAddressInfo`), so any backend `--db` names works.
//   analyze-bench URL [DOMAINS=1000000] [SIGHTINGS=10]
// One domain in ten is flux-like (addresses from a shared pool of agents in many ASNs, TTL
// 180); the rest answer from their own small hosting block (TTL 300-3600).
// With FLUX_AGENTS_ONCE=1 in the environment, a flux-like domain's agents are each seen once,
// one TTL apart (short-lived, as flux agents are), in answer sets of three, one lookup a TTL,
// with three more name servers seen ten minutes apart, so that the FluxScope model (weights 2)
// flags them (bench/export.sh needs flagged domains to export); otherwise every address is
// seen twice, a day apart. With FLUX_DOMAINS=N, only the first N of those one-in-ten domains are flux-like
// (the rest are like the others), so stores of different sizes hold the same flux domains
// (bench/export.sh: memory against the number of benign domains).
import DNSWire
import FluxModel
import Foundation
import Store

let arguments = CommandLine.arguments
guard arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: analyze-bench sqlite:PATH|postgres://... [DOMAINS] [SIGHTINGS]\n".utf8))
    exit(2)
}
let url = arguments[1]
let domains = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
let perDomain = max(2, arguments.count > 3 ? Int(arguments[3]) ?? 10 : 10)
let batchDomains = 5_000
let agentsOnce = ProcessInfo.processInfo.environment["FLUX_AGENTS_ONCE"] == "1"
let fluxDomains = ProcessInfo.processInfo.environment["FLUX_DOMAINS"].flatMap { Int($0) } ?? Int.max
let start = 1_750_000_000.0

/// A deterministic scramble of `i` (SplitMix64's finaliser).
func mix(_ i: UInt64) -> UInt64 {
    var z = i &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Domain `d` is flux-like: one in ten, the first `limit` of them.
func isFlux(_ d: Int, limit: Int) -> Bool { d % 10 == 0 && d / 10 < limit }

/// Address `k` of domain `d`: flux-like domains draw from 200,000 agents spread over
/// 1,000 /16s; the others from their own /28 inside 4,096 hosting /20s.
func address(domain d: Int, _ k: Int, flux: Bool) -> IPv4Address {
    if flux {
        let agent = UInt32(mix(UInt64(d * 64 + k)) % 200_000)
        return IPv4Address(0x5000_0000 + (agent % 1_000) << 16 + agent / 1_000)
    }
    return IPv4Address(0x2000_0000 + UInt32(d) << 4 + UInt32(k % 16))
}

/// The AS of an address: agents by /16 (1,000 consumer ASes), hosting blocks by /20.
func asn(_ a: IPv4Address) -> UInt32 {
    a.value >> 28 == 5 ? 64_000 + (a.value >> 16) % 1_000 : 65_000 + (a.value >> 12) % 4_096
}

let store = try await StoreURL(parsing: url).open()
let source = try await store.registerSource(Source(kind: .probe, name: "analyze-bench"), clientMode: nil)
let clock = ContinuousClock()
let began = clock.now
var batch = SightingBatch()
var addresses = Set<IPv4Address>()
var sightings = 0
for d in 0..<domains {
    let name = try DNSName("www.d\(d).com")
    let flux = isFlux(d, limit: fluxDomains)
    let ttl: UInt32 = flux ? 180 : UInt32(300 + (d % 12) * 300)
    let count = perDomain - 1
    var set: [IPAddress] = []
    for k in 0..<count {
        let a = address(domain: d, k, flux: flux)
        addresses.insert(a)
        let seen = start + Double(k) * Double(ttl)
        batch.add(Observation(name: name, type: .a, data: .a(a), ttl: ttl, section: .answer, time: seen, source: source))
        if !(flux && agentsOnce) {
            batch.add(Observation(name: name, type: .a, data: .a(a), ttl: ttl, section: .answer, time: seen + 86_400, source: source))
        }
        set.append(.v4(a))
    }
    let ns = try DNSName(flux ? "ns\(d % 7).d\(d).com" : "ns1.hosting-\(d % 4_096).net")
    batch.add(Observation(name: name, type: .ns, data: .name(ns), ttl: 86_400, section: .answer, time: start, source: source))
    if flux && agentsOnce {
        // Name servers that change (double flux), and one lookup every TTL, three fresh
        // agents each (as a flux domain answers).
        for i in 1..<4 {
            batch.add(Observation(name: name, type: .ns, data: .name(try DNSName("ns\(i).d\(d).com")), ttl: 300, section: .answer,
                                  time: start + Double(i * 600), source: source))
        }
        for (i, k) in stride(from: 0, to: set.count, by: 3).enumerated() {
            batch.add(AnswerSet(name: name, type: .a, addresses: Array(set[k..<min(set.count, k + 3)]),
                                time: start + Double(i * 3) * Double(ttl), source: source))
        }
        sightings += perDomain
        if (d + 1) % batchDomains == 0 || d + 1 == domains {
            try await store.write(batch, checkpoint: nil)
            batch.removeAll()
        }
        continue
    }
    let half = max(1, set.count / 2)
    batch.add(AnswerSet(name: name, type: .a, addresses: Array(set.prefix(half)), time: start, source: source))
    batch.add(AnswerSet(name: name, type: .a, addresses: Array(set.suffix(set.count - half + (flux ? 0 : half))), time: start + 86_400,
                        source: source))
    sightings += perDomain
    if (d + 1) % batchDomains == 0 || d + 1 == domains {
        try await store.write(batch, checkpoint: nil)
        batch.removeAll()
    }
}
let wroteSightings = clock.now
var records: [AddressInfoRecord] = []
for a in addresses {
    let n = asn(a)
    records.append(AddressInfoRecord(address: .v4(a), asn: n, prefix: nil, asName: "AS\(n)",
                                     country: n < 65_000 ? ["DE", "BR", "IN", "US", "RU", "VN"][Int(n % 6)] : "NL",
                                     flags: [], enrichedAt: start, database: "analyze-bench"))
    if records.count == 50_000 {
        try await store.upsertAddressInfo(records)
        records.removeAll(keepingCapacity: true)
    }
}
try await store.upsertAddressInfo(records)
try await store.close()
let done = clock.now
print("analyze-bench: \(domains) domains, \(sightings) sightings, \(addresses.count) addresses written to \(url) "
    + "in \(began.duration(to: done)) (sightings \(began.duration(to: wroteSightings)))")
