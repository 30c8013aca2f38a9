import DNSWire
import Foundation

/// The Public Suffix List (https://publicsuffix.org/list/): finds the registered domain
/// (eTLD+1) of a name, the level at which flux zones with random wildcard subdomains show.
/// Rules with non-ASCII labels are matched in their Punycode (`xn--`) form, as names appear on
/// the wire.
public struct PublicSuffixList: Sendable {
    private var rules: Set<String> = []
    private var wildcards: Set<String> = []
    private var exceptions: Set<String> = []

    /// Where Debian's `publicsuffix` package puts the list.
    public static let debianPath = "/usr/share/publicsuffix/public_suffix_list.dat"

    /// Parses the list's text (comments `//`, one rule per line, `*.` wildcards, `!` exceptions).
    public init(text: String) {
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
            guard !line.isEmpty, !line.hasPrefix("//") else { continue }
            if line.hasPrefix("!") {
                exceptions.insert(PublicSuffixList.ascii(String(line.dropFirst())))
            } else if line.hasPrefix("*.") {
                wildcards.insert(PublicSuffixList.ascii(String(line.dropFirst(2))))
            } else {
                rules.insert(PublicSuffixList.ascii(line))
            }
        }
    }

    /// Loads the list from a file (Debian's by default).
    public static func load(path: String = debianPath) throws -> PublicSuffixList {
        PublicSuffixList(text: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The number of rules of every kind.
    public var ruleCount: Int { rules.count + wildcards.count + exceptions.count }

    /// The registered domain of `name` (public suffix plus one label), or `nil` when the name
    /// is itself a public suffix (or the root).
    public func registeredDomain(of name: DNSName) -> DNSName? {
        let labels = name.lowercased.labels.map { String(decoding: $0, as: UTF8.self) }
        guard !labels.isEmpty else { return nil }
        let suffixLength = publicSuffixLength(labels)
        guard labels.count > suffixLength else { return nil }
        let keep = suffixLength + 1
        return try? DNSName(labels: name.labels.suffix(keep).map { Array($0) })
    }

    /// How many rightmost labels form the public suffix (the prevailing rule of the
    /// publicsuffix.org algorithm; `*` when no rule matches).
    func publicSuffixLength(_ labels: [String]) -> Int {
        var best = 1
        for start in 0..<labels.count {
            let candidate = labels[start...].joined(separator: ".")
            let length = labels.count - start
            if exceptions.contains(candidate) { return length - 1 }
            if rules.contains(candidate) { best = max(best, length) }
            if start + 1 < labels.count, wildcards.contains(labels[(start + 1)...].joined(separator: ".")) {
                best = max(best, length)
            }
        }
        return best
    }

    static func ascii(_ rule: String) -> String {
        rule.lowercased().split(separator: ".").map { label in
            label.unicodeScalars.allSatisfy(\.isASCII) ? String(label) : "xn--" + Punycode.encode(String(label))
        }.joined(separator: ".")
    }
}
