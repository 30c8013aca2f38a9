import Foundation

extension LabWorld {
    /// The labels file: one `DOMAIN<TAB>flux|benign<TAB>class` line per domain, the format
    /// `fluxscope evaluate --labels` reads (it uses the first two columns), then a
    /// `DOMAIN<TAB>ignore<TAB>name-server` line for each name without a class
    /// (`unclassifiedNames`).
    public func labelsText() -> String {
        let ignored = unclassifiedNames.sorted().map { LabLabel.text(of: $0) + "\tignore\tname-server\n" }
        return labels().map { $0.line + "\n" }.joined() + ignored.joined()
    }

    /// The probe list: one domain per line, without the trailing dot.
    public func domainsText() -> String {
        probeDomains().map { LabLabel.text(of: $0) + "\n" }.joined()
    }

    /// A human summary of the zones: apex, class, label; TLDs first.
    public func zoneSummary() -> String {
        var lines = tlds.map { "  \($0.apex.description.padding(toLength: 28, withPad: " ", startingAt: 0)) tld" }
        for zone in zones {
            let name = zone.apex.description.padding(toLength: 28, withPad: " ", startingAt: 0)
            let kind = zone.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            lines.append("  \(name) \(kind) \(zone.kind.label)")
        }
        return lines.joined(separator: "\n")
    }
}
