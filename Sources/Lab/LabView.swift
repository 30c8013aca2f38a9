/// Which of the world's servers a query is put to.
public enum LabView: String, Hashable, Sendable, CaseIterable {
    /// A server authoritative for every zone of the world: each query is answered from the
    /// closest enclosing zone, so names in a delegated zone get the zone's own answers.
    case full
    /// The TLD servers only: names in delegated zones get a referral (NS records in the
    /// authority section, glue in the additional section), as a registry's servers give.
    case parent
}
