/// A zone's parameters with every default filled in: what the zone models read.
public struct ZoneParameters: Hashable, Sendable {
    /// See `ZoneSpec.ttl`.
    public var ttl: UInt32
    /// See `ZoneSpec.answerCount`.
    public var answerCount: Int
    /// See `ZoneSpec.asns`.
    public var asns: [UInt32]
    /// See `ZoneSpec.poolSize`.
    public var poolSize: Int
    /// See `ZoneSpec.minLifetime`.
    public var minLifetime: SimDuration
    /// See `ZoneSpec.maxLifetime`.
    public var maxLifetime: SimDuration
    /// See `ZoneSpec.online`.
    public var online: Double
    /// See `ZoneSpec.wildcard`.
    public var wildcard: Bool
    /// See `ZoneSpec.ipv6`.
    public var ipv6: Bool
    /// See `ZoneSpec.hosts`.
    public var hosts: [String]
    /// See `ZoneSpec.changeEvery`.
    public var changeEvery: SimDuration
    /// See `ZoneSpec.nsCount`.
    public var nsCount: Int
    /// See `ZoneSpec.nsPool`.
    public var nsPool: Int
    /// See `ZoneSpec.nsTTL`.
    public var nsTTL: UInt32
    /// See `ZoneSpec.glueTTL`.
    public var glueTTL: UInt32
    /// See `ZoneSpec.glueRotation`.
    public var glueRotation: SimDuration
    /// See `ZoneSpec.provider`.
    public var provider: String
    /// See `ZoneSpec.regions`.
    public var regions: Int
    /// See `ZoneSpec.negativeTTL`.
    public var negativeTTL: UInt32
    /// ASes the zone's own name servers are addressed from (not settable: hosting for
    /// zones whose addresses are residential, the zone's own ASes otherwise).
    public var nameServerASNs: [UInt32]
}
