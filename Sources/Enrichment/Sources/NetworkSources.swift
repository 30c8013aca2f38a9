import Foundation

/// Opens databases by content: the one entry point the CLI and the pipeline use.
public enum NetworkSources {
    /// Opens the database at `path`, detecting its format (``DatabaseFormat/detect(path:)``)
    /// unless `format` is given.
    public static func open(path: String, format: DatabaseFormat? = nil) throws(EnrichmentError) -> any NetworkSource {
        let detected: DatabaseFormat
        if let format { detected = format } else { detected = try DatabaseFormat.detect(path: path) }
        switch detected {
        case .libloc: return try LibLocDatabase(path: path)
        case .maxmind: return try MaxMindDatabase(path: path)
        case let text: return try RouteTable.load(path: path, format: text)
        }
    }

    /// The Debian libloc database when it is installed, else `nil`.
    public static func systemDefault() throws(EnrichmentError) -> (any NetworkSource)? {
        guard FileManager.default.fileExists(atPath: LibLocDatabase.defaultPath) else { return nil }
        return try LibLocDatabase(path: LibLocDatabase.defaultPath)
    }
}
