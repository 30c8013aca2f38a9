import DNSWire
import FluxModel
import PostgresNIO

extension PostgresStore {
    static let watchColumns = SQLiteStore.watchColumns

    public func watchlist() async throws -> [WatchEntry] {
        try await rows("SELECT \(unescaped: PostgresStore.watchColumns) FROM watchlist ORDER BY domain_lc").map(PostgresStore.watchEntry)
    }

    public func watchEntry(_ domain: DNSName) async throws -> WatchEntry? {
        try await rows("""
            SELECT \(unescaped: PostgresStore.watchColumns) FROM watchlist WHERE domain_lc = \(domain.lowercased.description)
            """).first.map(PostgresStore.watchEntry)
    }

    public func upsertWatch(_ entry: WatchEntry) async throws -> (entry: WatchEntry, created: Bool) {
        let rows = try await rows("""
            INSERT INTO watchlist AS w (domain_lc, domain, note, interval, added_at, next_due, last_probed)
            VALUES (\(entry.domain.lowercased.description), \(entry.domain.description), \(entry.note), \(entry.interval),
                    \(entry.addedAt), \(entry.nextDue), NULL)
            ON CONFLICT (domain_lc) DO UPDATE SET
                note = excluded.note, interval = excluded.interval, next_due = excluded.next_due
            RETURNING \(unescaped: PostgresStore.watchColumns), (xmax = 0) AS created
            """)
        guard let row = rows.first else { throw StoreError(.corruptRow, "watchlist entry \(entry.domain) vanished during its upsert") }
        return (try PostgresStore.watchEntry(row), try row.at(8))
    }

    public func removeWatch(_ domain: DNSName) async throws -> Bool {
        !(try await rows("DELETE FROM watchlist WHERE domain_lc = \(domain.lowercased.description) RETURNING 1").isEmpty)
    }

    public func dueWatches(at time: Timestamp, limit: Int) async throws -> [WatchEntry] {
        try await rows("""
            SELECT \(unescaped: PostgresStore.watchColumns) FROM watchlist WHERE next_due <= \(time)
            ORDER BY next_due, domain_lc LIMIT \(max(1, limit))
            """).map(PostgresStore.watchEntry)
    }

    static func watchEntry(_ row: PostgresRandomAccessRow) throws -> WatchEntry {
        WatchEntry(domain: try SQLiteStore.name(try row.at(0)), note: try row.at(1), interval: try row.at(2),
                   addedAt: try row.at(3), nextDue: try row.at(4), lastProbed: try row.at(5),
                   leaseOwner: try row.at(6), leaseUntil: try row.at(7))
    }

    public func addToken(_ token: APIToken) async throws {
        try await rows("""
            INSERT INTO api_tokens (id, name, sha256, created_at)
            VALUES (\(token.id), \(token.name), \(token.sha256), to_timestamp(\(token.createdAt)))
            """)
    }

    public func token(sha256: String) async throws -> APIToken? {
        try await rows("""
            SELECT id, name, sha256, extract(epoch FROM created_at)::float8 FROM api_tokens WHERE sha256 = \(sha256)
            """).first.map(PostgresStore.token)
    }

    public func tokens() async throws -> [APIToken] {
        try await rows("SELECT id, name, sha256, extract(epoch FROM created_at)::float8 FROM api_tokens ORDER BY created_at, id")
            .map(PostgresStore.token)
    }

    static func token(_ row: PostgresRandomAccessRow) throws -> APIToken {
        APIToken(id: try row.at(0), name: try row.at(1), sha256: try row.at(2), createdAt: try row.at(3))
    }

    public func networkMemberships() async throws -> [NetworkMembership] {
        var result: [NetworkMembership] = []
        for row in try await rows("""
            SELECT network_id, domain, extract(epoch FROM coalesce(created_at, updated_at))::float8
            FROM flux_networks ORDER BY network_id, domain_lc
            """) {
            let id: String = try row.at(0)
            let domain = try SQLiteStore.name(try row.at(1))
            let created: Double = try row.at(2)
            if result.last?.id == id {
                result[result.count - 1].domains.insert(domain)
                result[result.count - 1].createdAt = min(result[result.count - 1].createdAt, created)
            } else {
                result.append(NetworkMembership(id: id, domains: [domain], createdAt: created))
            }
        }
        return result
    }

    public func networkSuccessors() async throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try await rows("SELECT network_id, successor_id FROM flux_network_successors") {
            result[try row.at(0)] = try row.at(1)
        }
        return result
    }

    public func recordNetworkMemberships(_ networks: [NetworkMembership], successors: [String: String], at time: Timestamp) async throws {
        let ids = networks.map(\.id)
        var rowIDs: [String] = [], keys: [String] = [], names: [String] = [], created: [Double] = []
        for n in networks {
            for d in n.domains {
                rowIDs.append(n.id); keys.append(d.lowercased.description); names.append(d.description); created.append(n.createdAt)
            }
        }
        try await transaction { connection in
            try await PostgresStore.rows("""
                DELETE FROM flux_networks WHERE network_id = ANY(\(ids)::text[]) OR domain_lc = ANY(\(keys)::text[])
                """, on: connection, logger: logger)
            try await PostgresStore.rows("""
                INSERT INTO flux_networks (network_id, domain_lc, domain, updated_at, created_at)
                SELECT r.id, r.key, r.name, to_timestamp(\(time)), to_timestamp(r.created)
                FROM unnest(\(rowIDs)::text[], \(keys)::text[], \(names)::text[], \(created)::float8[]) AS r(id, key, name, created)
                ON CONFLICT DO NOTHING
                """, on: connection, logger: logger)
            let retired = successors.keys.sorted(), next = retired.map { successors[$0]! }
            try await PostgresStore.rows("""
                DELETE FROM flux_network_successors WHERE network_id = ANY(\(ids)::text[])
                """, on: connection, logger: logger)
            try await PostgresStore.rows("""
                INSERT INTO flux_network_successors (network_id, successor_id, retired_at)
                SELECT r.old, r.new, to_timestamp(\(time)) FROM unnest(\(retired)::text[], \(next)::text[]) AS r(old, new)
                ON CONFLICT (network_id) DO UPDATE SET successor_id = excluded.successor_id, retired_at = excluded.retired_at
                """, on: connection, logger: logger)
        }
    }
}

extension PostgresStore {
    public func addressesNeedingEnrichment(database: String?, limit: Int) async throws -> [IPAddress] {
        try await rows("""
            SELECT DISTINCT s.data FROM sightings s
            WHERE s.type IN (1, 28) AND NOT EXISTS (
                SELECT 1 FROM addresses a
                WHERE a.address = s.data::inet AND (\(database)::text IS NULL OR a.database IS NOT DISTINCT FROM \(database)))
            LIMIT \(max(1, limit))
            """).map { row in
            let text: String = try row.at(0)
            guard let address = IPAddress(text) else { throw StoreError(.corruptRow, "address sighting with data '\(text)'") }
            return address
        }
    }

    public func upsertAddressInfo(_ records: [AddressInfoRecord]) async throws {
        _ = try await storeAddressInfo(records, PostgresStore.mergeAddresses)
    }

    public func insertAddressInfo(_ records: [AddressInfoRecord]) async throws -> Int {
        try await storeAddressInfo(records, PostgresStore.insertAddresses)
    }

    /// Stages the records and runs `mergeSQL` over them in one transaction; returns the
    /// rows it inserted.
    private func storeAddressInfo(_ records: [AddressInfoRecord], _ mergeSQL: String) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        var rows = CopyText()
        for (i, r) in records.enumerated() {
            rows.int(i); rows.text(r.address.description); rows.int(r.asn.map { Int($0) }); rows.text(r.prefix)
            rows.text(r.asName); rows.text(r.country); rows.text(r.flags.joined(separator: ","))
            rows.double(r.firstEnrichedAt); rows.double(r.enrichedAt); rows.text(r.database)
            rows.endRow()
        }
        return try await transaction { connection in
            try await PostgresStore.merge(rows, into: "stage_addresses", PostgresStore.stageAddresses,
                                          mergeSQL, on: connection, logger: logger).0
        }
    }

    static let stageAddresses = stage("stage_addresses", """
        i integer, address text, asn bigint, prefix text, as_name text, country text, flags text,
        first_enriched double precision, enriched double precision, database text
        """)

    /// The staged records, the last given for each address, in address order (so concurrent
    /// enrichers lock rows in the same order).
    static let stagedAddresses = """
        INSERT INTO addresses AS t (address, asn, prefix, as_name, country, flags, first_enriched_at, enriched_at, database)
        SELECT address, asn, prefix, as_name, country, flags, first_enriched_at, enriched_at, database FROM (
            SELECT DISTINCT ON (address::inet) address::inet AS address, asn, prefix::inet::cidr AS prefix, as_name, country,
                   flags, to_timestamp(first_enriched) AS first_enriched_at, to_timestamp(enriched) AS enriched_at, database
            FROM stage_addresses ORDER BY address::inet, i DESC) r
        ORDER BY address
        """

    /// The last record given for an address replaces the stored one (keeping its first time).
    static let mergeAddresses = counted(stagedAddresses + """

        ON CONFLICT (address) DO UPDATE SET
            asn = excluded.asn, prefix = excluded.prefix, as_name = excluded.as_name, country = excluded.country,
            flags = excluded.flags, first_enriched_at = least(t.first_enriched_at, excluded.first_enriched_at),
            enriched_at = excluded.enriched_at, database = excluded.database
        """)

    /// Only addresses without a record are stored.
    static let insertAddresses = counted(stagedAddresses + "\nON CONFLICT (address) DO NOTHING")

    public func addressInfo(_ address: IPAddress) async throws -> AddressInfoRecord? {
        try await rows("""
            SELECT \(unescaped: PostgresStore.addressColumns) FROM addresses WHERE address = \(address.description)::inet
            """).first.flatMap(PostgresStore.addressInfo)
    }

    public func addressInfoPage(after address: String?, limit: Int) async throws -> [AddressInfoRecord] {
        try await rows("""
            SELECT \(unescaped: PostgresStore.addressColumns) FROM addresses
            WHERE (host(address) COLLATE "C") > \(address ?? "") ORDER BY (host(address) COLLATE "C") LIMIT \(max(1, limit))
            """).compactMap(PostgresStore.addressInfo)
    }

    public func addressInfos(_ addresses: [IPAddress]) async throws -> [AddressInfoRecord] {
        let keys = SightingRow.distinctSorted(addresses).map(\.description)  // as SQLite's read
        var records: [AddressInfoRecord] = []
        // 5,000 keys a query (one array parameter), as `keyBatches` reads names.
        for start in stride(from: 0, to: keys.count, by: 5_000) {
            let part = Array(keys[start..<min(keys.count, start + 5_000)])
            records += try await rows("""
                SELECT \(unescaped: PostgresStore.addressColumns) FROM addresses WHERE address = ANY(\(part)::inet[])
                """).compactMap(PostgresStore.addressInfo)
        }
        return records
    }

    static let addressColumns = """
        host(address), asn, prefix::text, as_name, country, flags, extract(epoch FROM first_enriched_at)::float8,
        extract(epoch FROM enriched_at)::float8, database
        """

    /// A record from a row of `addressColumns`; `nil` for an unparseable address.
    static func addressInfo(_ row: PostgresRandomAccessRow) throws -> AddressInfoRecord? {
        guard let address = IPAddress(try row.at(0, as: String.self)) else { return nil }
        let asn: Int64? = try row.at(1)
        let flags: String = try row.at(5)
        return AddressInfoRecord(
            address: address, asn: asn.flatMap(UInt32.init(exactly:)), prefix: try row.at(2), asName: try row.at(3),
            country: try row.at(4), flags: flags.isEmpty ? [] : flags.split(separator: ",").map(String.init),
            enrichedAt: try row.at(7), firstEnrichedAt: try row.at(6), database: try row.at(8))
    }
}
