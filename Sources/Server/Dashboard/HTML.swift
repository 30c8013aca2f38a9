import Foundation
import Reports

/// Small helpers for server-rendered HTML: escaping, and the page shell every dashboard page
/// shares (inline CSS only: no scripts, fonts or other external assets, so it works offline).
public enum HTML {
    /// Text escaped for element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if c.value < 0x20 && c != "\n" && c != "\t" { out += "&#\(c.value);" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A path segment escaped for a URL inside an attribute.
    public static func pathSegment(_ text: String) -> String {
        escape(text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text)
    }

    /// A UTC time as `YYYY-MM-DD HH:MM:SS`.
    public static func time(_ t: Double) -> String { UTCTime.plain(t) }

    /// A whole page: `title` in the head and as the heading, `body` as the main content.
    public static func page(title: String, current: String, body: String) -> String {
        let nav = [("/", "Overview"), ("/watchlist", "Watchlist"), ("/api/v1/openapi.json", "API")].map { href, label in
            "<a href=\"\(href)\"\(label == current ? " aria-current=\"page\"" : "")>\(label)</a>"
        }.joined(separator: " ")
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · FluxScope</title>
            <style>\(style)</style>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header><span class="brand">FluxScope</span><nav aria-label="Main">\(nav)</nav></header>
            <main id="main">
            <h1>\(escape(title))</h1>
            \(body)
            </main>
            <footer>FluxScope: evidence for acting on fast-flux hosting without collateral damage.</footer>
            </body>
            </html>

            """
    }

    /// A verdict class as a labelled badge.
    public static func badge(_ verdict: String) -> String {
        "<span class=\"badge v-\(escape(verdict))\">\(escape(verdict))</span>"
    }

    /// A table with a caption, column headers and rows of already-escaped cells.
    public static func table(caption: String, headers: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
        var s = "<table><caption>\(escape(caption))</caption><thead><tr>"
        for h in headers { s += "<th scope=\"col\">\(escape(h))</th>" }
        s += "</tr></thead><tbody>"
        for row in rows {
            s += "<tr>"
            for (i, cell) in row.enumerated() { s += numeric.contains(i) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>" }
            s += "</tr>"
        }
        if rows.isEmpty { s += "<tr><td colspan=\"\(headers.count)\">None yet.</td></tr>" }
        return s + "</tbody></table>"
    }

    /// A number with at most `digits` decimals.
    public static func number(_ v: Double?, digits: Int = 2) -> String {
        guard let v else { return "–" }
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.\(digits)f", v)
    }

    static let style = """
        :root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--accent:#0b5cad;--flux:#b3261e;--ok:#1a7f37;--warn:#8a6100}
        *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
        header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.5rem;border-bottom:1px solid var(--line);background:#f6f8fa}
        .brand{font-weight:700}nav a{margin-right:1rem;color:var(--accent)}nav a[aria-current]{font-weight:700;text-decoration:none}
        main{max-width:1200px;margin:0 auto;padding:1rem 1.5rem}h1{font-size:1.5rem;margin:.5rem 0 1rem;word-break:break-all}
        h2{font-size:1.15rem;margin:1.5rem 0 .5rem}footer{color:var(--muted);font-size:.85rem;padding:1rem 1.5rem;border-top:1px solid var(--line)}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:1rem}
        .card{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;background:#fff}
        .counts{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}.counts li{border:1px solid var(--line);border-radius:6px;padding:.5rem .9rem}
        .counts strong{display:block;font-size:1.4rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums}
        th{background:#f6f8fa}a{color:var(--accent)}
        .badge{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.8rem;border:1px solid currentColor}
        .v-fast-flux,.v-double-flux{color:var(--flux)}.v-benign,.v-cdn,.v-round-robin{color:var(--ok)}.v-insufficient-data{color:var(--warn)}
        svg{max-width:100%;height:auto;font:12px system-ui,sans-serif}svg text{fill:var(--fg)}
        .muted{color:var(--muted)}
        """
}
