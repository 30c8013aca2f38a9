import FluxModel

extension NetworkInfo {
    /// What detection needs of this answer, in the shared vocabulary: CDN (not cloud) as the
    /// CDN signal, cloud and hosting networks as hosting, private, documentation, reserved and
    /// bogon space as special (never network diversity).
    public var addressInfo: AddressInfo {
        AddressInfo(asn: asn, prefix: prefix?.description, asName: asName, country: country,
                    cdnProvider: flags.contains(.cdn) ? (provider ?? "cdn") : nil,
                    isAnycast: flags.contains(.anycast),
                    isHosting: flags.contains(.hostingProvider) || flags.contains(.cloud),
                    isSpecial: !flags.isDisjoint(with: [.privateUse, .documentation, .reserved, .bogon]))
    }
}
