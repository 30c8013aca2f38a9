extension Feature {
    /// Which way a feature points, where the literature says: `towardsFlux` when more of it
    /// argues flux (a model's contribution may only rise with it), `towardsBenign` when more of
    /// it argues benign (the contribution may only fall).
    public enum Direction: String, Sendable, Codable {
        case towardsFlux
        case towardsBenign
    }

    /// The published direction of the features that have one; the others are free (a trained
    /// step function may rise and fall). `BoostedStumps` keeps each of these monotone, so that
    /// more network diversity or a lower TTL never argues benign, whatever the training worlds
    /// happen to contain.
    ///
    /// - Holz et al., "Measuring and detecting fast-flux service networks" (NDSS 2008): more
    ///   addresses and more origin ASNs (n_A, n_ASN) point to flux.
    /// - Passerini et al., "FluXOR" (DIMVA 2008): more networks, prefixes, countries and
    ///   organisations (AS names) among the answers, and residential (consumer) hosts.
    /// - Perdisci et al., "FluxBuster" (ACSAC 2009 / IEEE TDSC 2012): the normalised /16
    ///   entropy, the number of /16 prefixes and the growth of the address set over time.
    /// - Bilge et al., "EXPOSURE" (NDSS 2011): lower TTLs and a larger share of TTLs under
    ///   300 s point to malicious use.
    /// - ICANN SSAC SAC025 (2008): double flux shows as NS sets that change, name-server
    ///   addresses in many networks and low glue TTLs.
    /// - CDN and anycast addresses belong to one operator who answers for them: benign
    ///   (Holz et al. discuss CDNs as the main look-alike).
    ///
    /// Left free on purpose: `mean_answer_size` (flux zones answer 1 to 16 records, Bitcoin
    /// seeders up to 25: no published direction), `address_lifetime_share` and `reseen_share` (agents that churn
    /// within hours and agents that live for days are both real), `hosting_share` and
    /// `addresses_per_asn` (shares and ratios without a published direction), the TTL spread
    /// and `special_share`, `n_ns` and `ns_in_zone_share` (ordinary zones have in-zone name
    /// servers too).
    public static let fluxDirections: [Feature: Direction] = [
        .distinctAddresses: .towardsFlux, .distinctASNs: .towardsFlux,
        .distinctPrefixes16: .towardsFlux, .distinctPrefixes24: .towardsFlux,
        .distinctCountries: .towardsFlux, .distinctASNames: .towardsFlux,
        .prefix16Entropy: .towardsFlux,
        .cdnShare: .towardsBenign, .anycastShare: .towardsBenign,
        .ttlMin: .towardsBenign, .ttlMedian: .towardsBenign, .ttlMean: .towardsBenign,
        .ttlShareUnder300: .towardsFlux,
        .answerSetChangeRate: .towardsFlux, .freshAddressRate: .towardsFlux, .addressGrowthRatio: .towardsFlux,
        .nameServerChanges: .towardsFlux, .nameServerAddresses: .towardsFlux, .nameServerASNs: .towardsFlux,
        .glueTTLMin: .towardsBenign,
        .consumerReverseShare: .towardsFlux,
    ]
}

extension Feature {
    /// Features that a source may not carry at all, whatever the domain: the name-server
    /// features (passive-DNS exports and captures of stub traffic hold no NS records) and the
    /// ones computed over repeated lookups (a passive-DNS export holds no answer sets). A
    /// trained model counts their unknown value as 0 (`BoostedStumps.Parameters.neutralUnknown`).
    public static let sourceDependent: Set<Feature> = [
        .distinctNameServers, .nameServerChanges, .nameServerAddresses, .nameServerASNs, .glueTTLMin, .nameServersInZone,
        .answerSetChangeRate, .freshAddressRate, .addressGrowthRatio, .meanAnswerSize,
    ]
}
