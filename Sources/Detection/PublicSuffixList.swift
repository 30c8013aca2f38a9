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
        let labels = name.labels
        guard !labels.isEmpty else { return nil }
        let suffixLength = publicSuffixLength(suffixes(labels))
        guard labels.count > suffixLength else { return nil }
        return try? DNSName(labels: labels.suffix(suffixLength + 1))
    }

    /// Every suffix of a name as the rules are written, longest first: the labels from the
    /// k-th on, ASCII letters lower-cased, joined by dots. Made from one buffer: every name
    /// judged passes through here.
    func suffixes(_ labels: [ArraySlice<UInt8>]) -> [String] {
        var joined: [UInt8] = []
        var starts: [Int] = []
        starts.reserveCapacity(labels.count)
        for label in labels {
            if !joined.isEmpty { joined.append(UInt8(ascii: ".")) }
            starts.append(joined.count)
            for b in label { joined.append(b &- 0x41 < 26 ? b | 0x20 : b) }
        }
        // A label's octets decode alike alone or followed by a dot (UTF-8 resynchronises at
        // an ASCII octet), so each suffix is the labels decoded one by one and joined.
        return starts.map { String(decoding: joined[$0...], as: UTF8.self) }
    }

    /// How many rightmost labels form the public suffix (the prevailing rule of the
    /// publicsuffix.org algorithm; `*` when no rule matches), given the name's `suffixes`.
    func publicSuffixLength(_ suffixes: [String]) -> Int {
        var best = 1
        for start in suffixes.indices {
            let candidate = suffixes[start]
            let length = suffixes.count - start
            if exceptions.contains(candidate) { return length - 1 }
            if rules.contains(candidate) { best = max(best, length) }
            if start + 1 < suffixes.count, wildcards.contains(suffixes[start + 1]) {
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
