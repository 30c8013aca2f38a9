import DNSWire

/// Ground truth for one lab domain: its class, and the `flux`/`benign` label derived from it.
public struct LabLabel: Hashable, Sendable {
    /// The domain.
    public var domain: DNSName
    /// What it simulates.
    public var kind: DomainClass

    /// Creates a label.
    public init(domain: DNSName, kind: DomainClass) {
        self.domain = domain
        self.kind = kind
    }

    /// The domain without the trailing dot, as domain lists write it.
    public var domainText: String { LabLabel.text(of: domain) }

    /// `name` without the trailing dot, as domain lists and labels files write it.
    static func text(of name: DNSName) -> String {
        let text = name.description
        return text.hasSuffix(".") && text.count > 1 ? String(text.dropLast()) : text
    }

    /// `DOMAIN<TAB>flux|benign<TAB>class`, the line `fluxscope lab --labels` writes.
    public var line: String { "\(domainText)\t\(kind.label)\t\(kind.rawValue)" }
}
