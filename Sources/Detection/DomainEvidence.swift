import DNSWire
import FluxModel

/// Everything known about one domain over a time window: the input of feature extraction.
/// Built from stored sightings by the caller; detection itself does no I/O.
public struct DomainEvidence: Sendable {
    /// Whether the evidence is for one FQDN or for a registered domain (eTLD+1) and all names under it.
    public enum Level: String, Sendable, Codable {
        case fqdn
        case registered
    }

    /// One address seen in answers for the domain.
    public struct Address: Hashable, Sendable {
        public var address: IPAddress
        public var firstSeen: Timestamp
        public var lastSeen: Timestamp
        /// Times seen (observations merged).
        public var count: Int
        public var minTTL: UInt32?
        public var maxTTL: UInt32?
        public var info: AddressInfo?

        /// Creates an address sighting.
        public init(address: IPAddress, firstSeen: Timestamp, lastSeen: Timestamp, count: Int,
                    minTTL: UInt32? = nil, maxTTL: UInt32? = nil, info: AddressInfo? = nil) {
            self.address = address
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.count = count
            self.minTTL = minTTL
            self.maxTTL = maxTTL
            self.info = info
        }
    }

    /// A name seen in NS or CNAME records of the domain.
    public struct NameSighting: Hashable, Sendable {
        public var name: DNSName
        public var firstSeen: Timestamp
        public var lastSeen: Timestamp
        public var count: Int
        public var minTTL: UInt32?

        /// Creates a name sighting.
        public init(name: DNSName, firstSeen: Timestamp, lastSeen: Timestamp, count: Int, minTTL: UInt32? = nil) {
            self.name = name
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.count = count
            self.minTTL = minTTL
        }
    }

    /// The domain (FQDN or registered domain).
    public var domain: DNSName
    public var level: Level
    /// Number of distinct FQDNs merged into this evidence (1 for `fqdn`).
    public var names: Int
    /// A and AAAA answer addresses.
    public var addresses: [Address]
    /// Distinct answer sets per lookup, where the source kept them (probes, captures); empty
    /// when unknown (passive-DNS exports keep no lookups).
    public var answerSets: [AnswerSetTally]
    /// CNAME targets the domain pointed at.
    public var cnameTargets: [NameSighting]
    /// NS names of the domain (from probes, referrals or zone snapshots).
    public var nameServers: [NameSighting]
    /// Addresses of the NS hosts (glue or probed), with their TTLs.
    public var nameServerAddresses: [Address]
    /// Reverse-DNS names of answer addresses, where probed.
    public var reverseNames: [String]
    /// Responses with an error outcome (NXDOMAIN, SERVFAIL, ...), counted.
    public var failures: Int

    /// Creates evidence.
    public init(domain: DNSName, level: Level = .fqdn, names: Int = 1, addresses: [Address] = [],
                answerSets: [AnswerSetTally] = [], cnameTargets: [NameSighting] = [], nameServers: [NameSighting] = [],
                nameServerAddresses: [Address] = [], reverseNames: [String] = [], failures: Int = 0) {
        self.domain = domain
        self.level = level
        self.names = names
        self.addresses = addresses
        self.answerSets = answerSets
        self.cnameTargets = cnameTargets
        self.nameServers = nameServers
        self.nameServerAddresses = nameServerAddresses
        self.reverseNames = reverseNames
        self.failures = failures
    }
}
