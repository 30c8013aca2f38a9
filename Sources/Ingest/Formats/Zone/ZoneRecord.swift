import DNSWire

/// A record read from a master file, with everything inherited filled in.
struct ZoneRecord {
    var name: DNSName
    var ttl: UInt32
    var recordClass: RecordClass
    var type: RecordType
    var data: RData
}

/// A problem with one master-file entry.
struct ZoneEntryError: Error {
    var kind: String
    var reason: String
}
