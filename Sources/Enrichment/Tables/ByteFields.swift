import DNSWire

/// Small, allocation-free parsers over the bytes of one text-table line.
enum ByteFields {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// Splits on tab (and, unless `tabsOnly`, on spaces), dropping empty fields; stops
    /// after `limit` fields, the last one keeping the rest of the line.
    static func split(_ line: Bytes, limit: Int, tabsOnly: Bool = false) -> [Slice<Bytes>] {
        var fields: [Slice<Bytes>] = []
        fields.reserveCapacity(limit)
        var i = line.startIndex
        while i < line.endIndex {
            while i < line.endIndex, isSeparator(line[i], tabsOnly) { i += 1 }
            if i == line.endIndex { break }
            if fields.count == limit - 1 {
                fields.append(line[i..<line.endIndex])
                break
            }
            var j = i
            while j < line.endIndex, !isSeparator(line[j], tabsOnly) { j += 1 }
            fields.append(line[i..<j])
            i = j
        }
        return fields
    }

    private static func isSeparator(_ byte: UInt8, _ tabsOnly: Bool) -> Bool {
        byte == 9 || (!tabsOnly && byte == 32)
    }

    /// An unsigned decimal number that fits `T`, or `nil`.
    static func number<T: FixedWidthInteger>(_ field: Slice<Bytes>, as _: T.Type = T.self) -> T? {
        guard !field.isEmpty, field.count <= 20 else { return nil }
        var value: T = 0
        for byte in field {
            guard byte >= 48, byte <= 57 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(T(byte - 48))
            if o1 || o2 { return nil }
            value = a
        }
        return value
    }

    /// An IPv4 or IPv6 address (IPv4 parsed without allocating).
    static func address(_ field: Slice<Bytes>) -> IPAddress? {
        if let v4 = ipv4(field) { return .v4(v4) }
        guard field.count <= 45, field.contains(58) else { return nil }  // ':'
        return IPv6Address(String(decoding: field, as: UTF8.self)).map { .v6($0) }
    }

    /// Dotted-quad IPv4 without leading-zero octets.
    static func ipv4(_ field: Slice<Bytes>) -> IPv4Address? {
        var result: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for byte in field {
            if byte >= 48 && byte <= 57 {
                if digits > 0 && octet == 0 { return nil }
                octet = octet * 10 + UInt32(byte - 48)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if byte == 46, digits > 0, dots < 3 {
                result = result << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots == 3 else { return nil }
        return IPv4Address(result << 8 | octet)
    }

    /// The field as a string, for error messages (cut at 80 bytes).
    static func text(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.prefix(80), as: UTF8.self)
    }
}
