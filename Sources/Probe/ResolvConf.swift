/// The `nameserver` lines of a resolv.conf file (resolv.conf(5)): the default resolvers
/// when the user names none.
public enum ResolvConf {
    /// The servers listed in `text`, in order; lines that are not an address literal
    /// (with an optional `%zone` suffix, which is dropped) are skipped.
    public static func nameservers(in text: String) -> [ProbeServer] {
        var out: [ProbeServer] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.prefix { $0 != "#" && $0 != ";" }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { continue }
            let host = fields[1].split(separator: "%").first ?? ""
            if let server = ProbeServer(host) {
                out.append(server)
            }
        }
        return out
    }

    /// The servers of the file at `path` (by default `/etc/resolv.conf`); empty when the
    /// file cannot be read.
    public static func nameservers(path: String = "/etc/resolv.conf") -> [ProbeServer] {
        guard let reader = LineReader(path: path) else { return [] }
        var text = ""
        while let line = reader.next() { text += line + "\n" }
        return nameservers(in: text)
    }
}
