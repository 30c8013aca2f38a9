extension RData {
    /// Checks RDATA of `type` at `start..<end` exactly as `parse(type:reader:start:end:)`
    /// does (the same checks, in the same order, throwing the same errors at the same
    /// offsets) but builds no value, so that the common types cost no allocation.
    ///
    /// Covered without building anything: A, AAAA, the single-name types (NS, MD, MF,
    /// CNAME, MB, MG, MR, PTR, DNAME), SOA, the MX shape (MX, AFSDB, RT, KX), TXT and SPF,
    /// SRV, OPT, DS/CDS/DLV, DNSKEY/CDNSKEY and every type `parse` keeps as `.unknown`
    /// (which accepts any RDATA). The rarer typed ones (HINFO, NAPTR, CAA, RRSIG, NSEC,
    /// NSEC3, SVCB, HTTPS) go through `parse` itself. `RDataValidateTests` checks that
    /// both agree for every type code.
    /// `plain` is a pointer-free name of the message already found valid, which lets names
    /// that are a single pointer into it be checked in two reads (exactly, see
    /// `WireReader.pointerIntoPlainName`).
    static func validate(type: RecordType, reader r: WireReader, start: Int, end: Int,
                         plain: WireReader.PlainName = WireReader.PlainName()) throws(DNSWireError) {
        var c = RDataCursor(reader: r, pos: start, end: end, type: type)
        switch type.rawValue {
        case 1:  // A
            try c.need(4)
            c.pos += 4
        case 28:  // AAAA
            try c.need(16)
            c.pos += 16
        case 2, 3, 4, 5, 7, 8, 9, 12, 39:  // RData.singleNameTypes
            try c.skipName(plain)
        case 6:  // SOA
            try c.skipName(plain)
            try c.skipName(plain)
            try c.need(20)
            c.pos += 20
        case 15, 18, 21, 36:  // MX, AFSDB, RT, KX
            try c.need(2)
            c.pos += 2
            try c.skipName(plain)
        case 16, 99:  // TXT, SPF: at least one character-string
            repeat { try c.skipCharacterString() } while c.pos < end
        case 33:  // SRV
            try c.need(6)
            c.pos += 6
            try c.skipName(plain)
        case 41:  // OPT
            while c.pos < end {
                guard end - c.pos >= 4 else {
                    throw DNSWireError(.badEDNS, at: c.pos, "EDNS option header cut short")
                }
                let code = c.u16(), length = Int(c.u16())
                guard length <= end - c.pos else {
                    throw DNSWireError(.badEDNS, at: c.pos - 2, "EDNS option \(code) of \(length) octets overruns the OPT RDATA")
                }
                c.pos += length
            }
        case 43, 59, 32769, 48, 60:  // DS, CDS, DLV, DNSKEY, CDNSKEY: 4 fixed octets, then any
            try c.need(4)
            c.pos = end
        case 13, 35, 257, 46, 47, 50, 64, 65:  // HINFO, NAPTR, CAA, RRSIG, NSEC, NSEC3, SVCB, HTTPS
            _ = try parse(type: type, reader: r, start: start, end: end)
            return
        default:  // kept as .unknown: any length is valid
            return
        }
        try c.finish()
    }
}
