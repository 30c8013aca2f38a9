/// The features FluxScope computes for a domain, in a fixed order (the order of model
/// weights). Each has a stable snake_case name used in JSON, CSV and the weights file.
public enum Feature: String, CaseIterable, Sendable, Codable {
    // Answers (Holz et al. 2008; FluXOR; FluxBuster).
    case distinctAddresses = "n_a"
    case distinctASNs = "n_asn"
    case distinctPrefixes16 = "n_prefix16"
    case distinctPrefixes24 = "n_prefix24"
    case distinctCountries = "n_countries"
    case distinctASNames = "n_asnames"
    case cdnShare = "cdn_share"
    case anycastShare = "anycast_share"
    case hostingShare = "hosting_share"
    case specialShare = "special_share"
    case prefix16Entropy = "prefix16_entropy"
    case addressesPerASN = "addresses_per_asn"
    // TTL (EXPOSURE, Bilge et al. 2011).
    case ttlMin = "ttl_min"
    case ttlMedian = "ttl_median"
    case ttlMean = "ttl_mean"
    case ttlDeviation = "ttl_stddev"
    case ttlDistinct = "ttl_distinct"
    case ttlShareUnder300 = "ttl_share_lt300"
    // Time (Holz; FluxBuster growth).
    case lookups = "lookups"
    case distinctAnswerSets = "distinct_answer_sets"
    case answerSetChangeRate = "answer_set_change_rate"
    case freshAddressRate = "fresh_address_rate"
    case addressGrowthRatio = "ip_growth_ratio"
    case addressLifetimeShare = "address_lifetime_share"
    case observedSpan = "observed_span_s"
    case cnameTargets = "n_cname_targets"
    case meanAnswerSize = "mean_answer_size"
    case reseenShare = "reseen_share"
    case names = "n_names"
    // Double flux.
    case distinctNameServers = "n_ns"
    case nameServerChanges = "ns_changes"
    case nameServerAddresses = "n_ns_addresses"
    case nameServerASNs = "n_ns_asn"
    case glueTTLMin = "glue_ttl_min"
    case nameServersInZone = "ns_in_zone_share"
    // Reverse DNS.
    case consumerReverseShare = "rdns_consumer_share"

    /// The stable name.
    public var name: String { rawValue }

    /// Features that describe how the domain was observed rather than the domain itself
    /// (how often and how long it was probed): shown as evidence, never weighed by the
    /// trained model, which would otherwise learn the probing schedule.
    public static let context: Set<Feature> = [.lookups, .distinctAnswerSets, .observedSpan, .names]
}

/// Feature values for one domain; `nil` means unknown (the source did not carry it), which
/// is never the same as zero.
public struct FeatureVector: Hashable, Sendable {
    private var values: [Double?]

    /// All unknown.
    public init() { values = Array(repeating: nil, count: Feature.allCases.count) }

    /// The value of one feature.
    public subscript(_ f: Feature) -> Double? {
        get { values[f.index] }
        set { values[f.index] = newValue }
    }

    /// (feature, value) in feature order.
    public var all: [(Feature, Double?)] { Feature.allCases.map { ($0, self[$0]) } }
}

extension Feature {
    /// The position of the feature in `allCases` (and in a `FeatureVector`): a switch, not a
    /// dictionary, since every feature read and write of every domain goes through it.
    /// `FeatureTests` checks it against `allCases`.
    var index: Int {
        switch self {
        case .distinctAddresses: 0
        case .distinctASNs: 1
        case .distinctPrefixes16: 2
        case .distinctPrefixes24: 3
        case .distinctCountries: 4
        case .distinctASNames: 5
        case .cdnShare: 6
        case .anycastShare: 7
        case .hostingShare: 8
        case .specialShare: 9
        case .prefix16Entropy: 10
        case .addressesPerASN: 11
        case .ttlMin: 12
        case .ttlMedian: 13
        case .ttlMean: 14
        case .ttlDeviation: 15
        case .ttlDistinct: 16
        case .ttlShareUnder300: 17
        case .lookups: 18
        case .distinctAnswerSets: 19
        case .answerSetChangeRate: 20
        case .freshAddressRate: 21
        case .addressGrowthRatio: 22
        case .addressLifetimeShare: 23
        case .observedSpan: 24
        case .cnameTargets: 25
        case .meanAnswerSize: 26
        case .reseenShare: 27
        case .names: 28
        case .distinctNameServers: 29
        case .nameServerChanges: 30
        case .nameServerAddresses: 31
        case .nameServerASNs: 32
        case .glueTTLMin: 33
        case .nameServersInZone: 34
        case .consumerReverseShare: 35
        }
    }
}
