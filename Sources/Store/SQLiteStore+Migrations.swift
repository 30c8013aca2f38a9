import GRDB

extension SQLiteStore {
    /// The schema's history. A migration is frozen once shipped: never edit one, add the
    /// next (`v2`, ...) instead.
    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in try db.execute(sql: v1) }
        m.registerMigration("v2_answer_sets") { db in try db.execute(sql: v2AnswerSets) }
        m.registerMigration("v3_server") { db in try db.execute(sql: v3Server) }
        m.registerMigration("v4_network_ids") { db in try db.execute(sql: v4NetworkIDs) }
        m.registerMigration("v5_probe_schedules") { db in try db.execute(sql: v5ProbeSchedules) }
        m.registerMigration("v6_probe_leases") { db in try db.execute(sql: v6ProbeLeases) }
        m.registerMigration("v8_probe_schedules_unindexed") { db in try db.execute(sql: v8ProbeSchedulesUnindexed) }
        m.registerMigration("v9_network_successors") { db in try db.execute(sql: v9NetworkSuccessors) }
        return m
    }()

    /// v1: sources, ingest runs, sightings, outcomes, client queries, addresses.
    static let v1 = """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,                 -- probe, pcap, dnstap, zeek, ...
            name TEXT NOT NULL,                 -- sensor, resolver@host:port, file
            client_mode TEXT,                   -- keep | hash | truncate | drop
            created_at REAL NOT NULL,
            messages INTEGER NOT NULL DEFAULT 0,
            malformed INTEGER NOT NULL DEFAULT 0,
            unanswered_queries INTEGER NOT NULL DEFAULT 0,
            observations INTEGER NOT NULL DEFAULT 0,
            outcomes INTEGER NOT NULL DEFAULT 0,
            client_queries INTEGER NOT NULL DEFAULT 0,
            UNIQUE (kind, name)
        );

        CREATE TABLE ingest_runs (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            path TEXT,                          -- file identity; all NULL for live inputs
            size INTEGER,
            mtime REAL,
            head_tail_hash TEXT,
            client_mode TEXT,
            started_at REAL NOT NULL,
            updated_at REAL,
            finished_at REAL,
            position INTEGER NOT NULL DEFAULT 0, -- caller's progress, committed with each batch
            completed INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
            batches INTEGER NOT NULL DEFAULT 0,
            messages INTEGER NOT NULL DEFAULT 0,
            malformed INTEGER NOT NULL DEFAULT 0,
            unanswered_queries INTEGER NOT NULL DEFAULT 0,
            observations INTEGER NOT NULL DEFAULT 0,
            outcomes INTEGER NOT NULL DEFAULT 0,
            client_queries INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX ingest_runs_by_file ON ingest_runs (head_tail_hash, size)
            WHERE head_tail_hash IS NOT NULL;

        CREATE TABLE sightings (
            name_lc TEXT NOT NULL,              -- owner, presentation form, lower-cased: 'www.example.com.'
            name TEXT NOT NULL,                 -- owner as first seen (case kept)
            type INTEGER NOT NULL,              -- RR type number (1 = A, 28 = AAAA, 2 = NS, ...)
            data TEXT NOT NULL,                 -- RDATA, presentation form as first seen
            rdata BLOB NOT NULL,                -- RDATA, uncompressed wire form as first seen
            rdata_key BLOB NOT NULL,            -- RDATA wire form, names lower-cased: the dedup key
            first_seen REAL NOT NULL,           -- seconds since the epoch
            last_seen REAL NOT NULL,
            count INTEGER NOT NULL,
            min_ttl INTEGER,                    -- NULL when no observation carried a TTL
            max_ttl INTEGER,
            sources TEXT NOT NULL,              -- JSON array of source ids, ascending
            registered_domain TEXT,             -- eTLD+1, filled in by detection
            PRIMARY KEY (name_lc, type, rdata_key)
        ) WITHOUT ROWID;
        CREATE INDEX sightings_by_data ON sightings (type, rdata_key);
        CREATE INDEX sightings_by_registered_domain ON sightings (registered_domain)
            WHERE registered_domain IS NOT NULL;

        CREATE TABLE outcomes (
            name_lc TEXT NOT NULL,
            name TEXT NOT NULL,
            type INTEGER NOT NULL,              -- the queried type
            rcode INTEGER NOT NULL,             -- 0 NOERROR (no data), 2 SERVFAIL, 3 NXDOMAIN, ...
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (name_lc, type, rcode)
        ) WITHOUT ROWID;

        CREATE TABLE client_queries (
            client TEXT NOT NULL,               -- in the privacy form client_mode names
            client_mode TEXT NOT NULL,
            name_lc TEXT NOT NULL,
            name TEXT NOT NULL,
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (client_mode, client, name_lc)
        ) WITHOUT ROWID;
        CREATE INDEX client_queries_by_name ON client_queries (name_lc);

        CREATE TABLE addresses (
            address TEXT PRIMARY KEY,           -- canonical text: 192.0.2.1, 2001:db8::1
            asn INTEGER,
            prefix TEXT,                        -- announced prefix, CIDR
            as_name TEXT,
            country TEXT,                       -- ISO 3166-1 alpha-2
            flags TEXT NOT NULL DEFAULT '',     -- comma-separated: bogon, anycast, cdn, ...
            first_enriched_at REAL NOT NULL,
            enriched_at REAL NOT NULL,
            database TEXT                       -- which enrichment database answered
        ) WITHOUT ROWID;
        """

    /// v3_server: the server's watchlist, API tokens and flux network ids. Independent of
    /// `v2_answer_sets` (the ingest branch), so either may be applied first.
    static let v3Server = """
        CREATE TABLE watchlist (
            domain_lc TEXT PRIMARY KEY,         -- 'www.example.com.', lower-cased
            domain TEXT NOT NULL,               -- as the analyst typed it (case kept)
            note TEXT,
            interval REAL,                      -- seconds between probes; NULL: follow the TTL
            added_at REAL NOT NULL,
            next_due REAL NOT NULL,             -- probe-clock seconds since the epoch
            last_probed REAL
        ) WITHOUT ROWID;
        CREATE INDEX watchlist_by_due ON watchlist (next_due);

        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,                -- public identifier, e.g. 'tok_1a2b3c4d'
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,        -- hex SHA-256 of the secret; the secret is never stored
            created_at REAL NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE flux_networks (
            network_id TEXT NOT NULL,           -- 'fn-0123abcd', stable across analysis runs
            domain_lc TEXT NOT NULL,
            domain TEXT NOT NULL,
            updated_at REAL NOT NULL,
            PRIMARY KEY (network_id, domain_lc)
        ) WITHOUT ROWID;
        """
}

extension SQLiteStore {
    /// v2_answer_sets: per-lookup answer sets (the A or AAAA addresses of one response for
    /// one name), deduplicated. The primary key leads with `name_lc`: it is the index by
    /// name that `answerSets(named:)` and the ordered scan use (a second index on `name_lc`
    /// would repeat it).
    static let v2AnswerSets = """
        CREATE TABLE answer_sets (
            name_lc TEXT NOT NULL,              -- owner, presentation form, lower-cased
            name TEXT NOT NULL,                 -- owner as first seen
            type INTEGER NOT NULL,              -- 1 (A) or 28 (AAAA)
            addresses TEXT NOT NULL,            -- ascending, canonical text, comma-separated
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (name_lc, type, addresses)
        ) WITHOUT ROWID;
        """
}

extension SQLiteStore {
    /// v4_network_ids: when each flux network id was first given out (the older id survives a
    /// merge; rows from before this migration count from their `updated_at`), and an index by
    /// domain, since recording a run moves domains between networks.
    static let v4NetworkIDs = """
        ALTER TABLE flux_networks ADD COLUMN created_at REAL;
        CREATE INDEX flux_networks_by_domain ON flux_networks (domain_lc);
        """
}

extension SQLiteStore {
    /// v5_probe_schedules: each probed name's schedule state (`NameSchedule`), written with
    /// the observations of the lookup that produced it, so a stopped `fluxscope probe`
    /// resumes. Times are probe-clock seconds since the epoch.
    static let v5ProbeSchedules = """
        CREATE TABLE probe_schedules (
            name_lc TEXT PRIMARY KEY,           -- 'www.example.com.', lower-cased
            name TEXT NOT NULL,                 -- as first given (case kept)
            next_due REAL NOT NULL,
            last_ttl INTEGER,                   -- NULL before any answer with a TTL
            failures INTEGER NOT NULL,          -- lookups in a row without a usable answer
            lookups INTEGER NOT NULL,           -- lookups done, over every run
            last_lookup REAL                    -- NULL before the first lookup
        ) WITHOUT ROWID;
        CREATE INDEX probe_schedules_by_due ON probe_schedules (next_due);
        """
}

extension SQLiteStore {
    /// v6_probe_leases: leases on watched domains for probe workers (`leaseDueWatches`), and
    /// the registry of live workers whose heartbeats divide a shared rate limit among them.
    /// Times are on the watchlist's clock. A row with `lease_until <= now` is free whatever
    /// `lease_owner` says (the owner is kept so that its late completion is still accepted
    /// while nobody else has taken the domain).
    static let v6ProbeLeases = """
        ALTER TABLE watchlist ADD COLUMN lease_owner TEXT;     -- worker id; NULL: never leased or completed
        ALTER TABLE watchlist ADD COLUMN lease_until REAL;     -- lease end; NULL with lease_owner
        -- A worker's leases (heartbeat renewal, retiring) without scanning the whole watchlist.
        CREATE INDEX watchlist_by_lease_owner ON watchlist (lease_owner) WHERE lease_owner IS NOT NULL;
        CREATE TABLE probe_workers (
            worker_id TEXT PRIMARY KEY,
            started_at REAL NOT NULL,
            heartbeat_at REAL NOT NULL,
            alive_until REAL NOT NULL           -- counted as live while alive_until > now
        ) WITHOUT ROWID;
        """
}

extension SQLiteStore {
    /// v8_probe_schedules_unindexed: drops `probe_schedules_by_due`. No query reads it (states
    /// are read by name: `probeSchedules(named:)`, `probeSchedules(after:limit:)`; workers lease
    /// from the watchlist's own index), and every lookup `fluxscope probe --db` stores moved its
    /// entry (a delete and an insert). Named `v8` as PostgreSQL's, whose `v7` is its own.
    static let v8ProbeSchedulesUnindexed = """
        DROP INDEX IF EXISTS probe_schedules_by_due;
        """
}

extension SQLiteStore {
    /// v9_network_successors: where each retired flux network id went (the network that took
    /// most of its domains), so that a link to an old id still leads somewhere.
    static let v9NetworkSuccessors = """
        CREATE TABLE flux_network_successors (
            network_id TEXT PRIMARY KEY,        -- the retired id
            successor_id TEXT NOT NULL,         -- the id that took most of its domains
            retired_at REAL NOT NULL
        ) WITHOUT ROWID;
        """
}
