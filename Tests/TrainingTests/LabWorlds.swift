import Detection
import Enrichment
import Foundation
import Lab

/// What the model tests need from the machine: the libloc database (real ASNs for the lab's
/// addresses) and the Public Suffix List (registered domains), both Debian packages.
enum LabWorlds {
    static var available: Bool {
        FileManager.default.fileExists(atPath: LibLocDatabase.defaultPath)
            && FileManager.default.fileExists(atPath: PublicSuffixList.debianPath)
    }

    static func enricher() throws -> Enricher {
        guard let location = try NetworkSources.systemDefault() else { throw LabWorldsError.noLocationDatabase }
        return Enricher(sources: [location])
    }

    enum LabWorldsError: Error { case noLocationDatabase }

    /// `rows` by class: how many of each class the model flagged as flux, of how many.
    static func flaggedByClass(_ rows: [(kind: DomainClass, verdict: Verdict)]) -> [DomainClass: (flagged: Int, total: Int)] {
        var out: [DomainClass: (flagged: Int, total: Int)] = [:]
        for r in rows {
            out[r.kind, default: (0, 0)].total += 1
            if r.verdict.verdict.isFlux { out[r.kind, default: (0, 0)].flagged += 1 }
        }
        return out
    }
}
