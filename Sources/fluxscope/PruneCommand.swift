import ArgumentParser
import Foundation
import Store

/// `fluxscope prune --older-than DURATION [--db URL]`: retention.
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete sightings, outcome and client tallies and answer sets last seen before now minus DURATION.",
        discussion: """
            SQLite deletes the rows. PostgreSQL keeps sightings in weekly partitions by last sighting: it drops \
            the weeks that ended before the cutoff whole and deletes in the week that straddles it, so there a \
            record seen before and after the cutoff keeps its later weeks only. Sources, ingest runs, \
            enrichment, the watchlist and flux network ids are kept.
            """)

    @Option(name: .customLong("older-than"), help: ArgumentHelp("How old is too old: 90d, 12h, 30m, 45s (or plain seconds).", valueName: "DURATION"))
    var olderThan: String

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard DurationText.seconds(olderThan) != nil else {
            throw ValidationError("--older-than '\(olderThan)' is not a duration: use e.g. 90d, 12h, 30m or 45s")
        }
    }

    func run() async throws {
        let cutoff = Date().timeIntervalSince1970 - (DurationText.seconds(olderThan) ?? 0)
        let opened = try await store.open()
        let report = try await opened.prune(before: cutoff)
        try await opened.close()
        let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: cutoff))
        print("pruned what was last seen before \(when): \(report.sightingRowsDeleted) sighting rows deleted, "
              + "\(report.partitionsDropped.count) weekly partitions dropped, \(report.outcomesDeleted) outcomes, "
              + "\(report.clientQueriesDeleted) client tallies, \(report.answerSetsDeleted) answer sets")
        for table in report.partitionsDropped { print("dropped \(table)") }
    }
}
