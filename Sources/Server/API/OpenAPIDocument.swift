import DNSWire
import Detection

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. Tests check
/// that its operations are exactly the routes the router serves.
public enum OpenAPIDocument {
    /// A parameter of an operation.
    struct Parameter {
        var name: String
        var location: String  // path | query
        var type: String
        var description: String
        var values: [String] = []
    }

    /// One operation.
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var write = false
        var parameters: [Parameter] = []
        var body: String?  // media type of the request body
        var responses: [(String, String)]
        var produces = "application/json"
    }

    static let page = [
        Parameter(name: "limit", location: "query", type: "integer", description: "Items per page, 1 to 500 (default 50)."),
        Parameter(name: "offset", location: "query", type: "integer", description: "Items to skip (default 0)."),
    ]
    static let domain = Parameter(name: "domain", location: "path", type: "string", description: "A domain name, e.g. www.example.com.")
    static let errors = [("400", "Invalid input (JSON error body)"), ("404", "Not found (JSON error body)"),
                         ("405", "Method not served on this path (JSON error body, Allow header)")]

    static let operations: [Operation] = [
        Operation(method: "GET", path: "/api/v1/status", summary: "What the server holds and when it last analysed", responses: [("200", "Status")]),
        Operation(method: "GET", path: "/api/v1/openapi.json", summary: "This document", responses: [("200", "OpenAPI 3.1")]),
        Operation(method: "GET", path: "/metrics", summary: "Prometheus metrics", responses: [("200", "Text exposition format")], produces: "text/plain"),
        Operation(method: "GET", path: "/api/v1/domains", summary: "Judged domains with verdicts and features; filter, sort, paginate",
                  parameters: page + [
                    Parameter(name: "verdict", location: "query", type: "string", description: "Only this class ('flux': both flux classes).",
                              values: Verdict.classNames + ["flux"]),
                    Parameter(name: "level", location: "query", type: "string", description: "fqdn or registered.", values: ["fqdn", "registered"]),
                    Parameter(name: "sort", location: "query", type: "string", description: "Sort key, '-' for descending (default -score).",
                              values: ["score", "domain", "n_a", "n_asn", "holz", "last_seen"].flatMap { [$0, "-" + $0] }),
                    Parameter(name: "min_score", location: "query", type: "number", description: "Only scores at or above, 0 to 1."),
                    Parameter(name: "q", location: "query", type: "string", description: "Only domains containing this text."),
                  ], responses: [("200", "A page of domains")] + errors),
        Operation(method: "GET", path: "/api/v1/domains/{domain}", summary: "One domain: both verdicts with their evidence, network, watch entry",
                  parameters: [domain, Parameter(name: "level", location: "query", type: "string", description: "fqdn or registered.",
                                                 values: ["fqdn", "registered"])],
                  responses: [("200", "The domain")] + errors),
        Operation(method: "GET", path: "/api/v1/domains/{domain}/timeline", summary: "Addresses, ASNs, TTLs and name servers over time",
                  parameters: [domain], responses: [("200", "The timeline")] + errors),
        Operation(method: "GET", path: "/api/v1/networks", summary: "Flux networks", parameters: page, responses: [("200", "A page of networks")] + errors),
        Operation(method: "GET", path: "/api/v1/networks/{id}", summary: "One flux network: domains, agents, ASNs, countries, growth",
                  parameters: [Parameter(name: "id", location: "path", type: "string", description: "A network id, e.g. fn-0123abcd.")],
                  responses: [("200", "The network"), ("302", "A retired id (merged into another network): Location names the network that took its domains")]
                      + errors),
        Operation(method: "GET", path: "/api/v1/addresses/{address}", summary: "Which domains answered with an address, and which network it serves",
                  parameters: [Parameter(name: "address", location: "path", type: "string", description: "An IPv4 or IPv6 address.")],
                  responses: [("200", "The address")] + errors),
        Operation(method: "GET", path: "/api/v1/watchlist", summary: "The watched domains", responses: [("200", "The watchlist")]),
        Operation(method: "POST", path: "/api/v1/watchlist", summary: "Watch a domain (or update its note and interval)", write: true,
                  body: "application/json", responses: [("201", "Added"), ("200", "Updated"), ("401", "No valid token"), ("413", "Body too large"),
                                                        ("415", "Not JSON")] + errors),
        Operation(method: "DELETE", path: "/api/v1/watchlist/{domain}", summary: "Stop watching a domain", write: true, parameters: [domain],
                  responses: [("204", "Removed"), ("401", "No valid token")] + errors),
        Operation(method: "GET", path: "/api/v1/exports/{kind}", summary: "The latest verdicts as a download: rpz, stix, cof, csv, notify",
                  parameters: [Parameter(name: "kind", location: "path", type: "string", description: "The export.", values: ["rpz", "stix", "cof", "csv", "notify"]),
                               Parameter(name: "asn", location: "query", type: "string", description: "For notify: the AS number."),
                               Parameter(name: "action", location: "query", type: "string", description: "For rpz.", values: ["nxdomain", "nodata", "garden"]),
                               Parameter(name: "garden", location: "query", type: "string", description: "For rpz action=garden: the walled garden."),
                               Parameter(name: "origin", location: "query", type: "string", description: "For rpz: the zone origin.")],
                  responses: [("200", "The file")] + errors, produces: "application/octet-stream"),
        Operation(method: "GET", path: "/api/v1/reports/{kind}",
                  summary: "Reports over the latest analysis: exposure (clients that resolved flux domains) or registry (flux domains per TLD and name-server operator)",
                  parameters: [Parameter(name: "kind", location: "path", type: "string", description: "The report.", values: ["exposure", "registry"]),
                               Parameter(name: "format", location: "query", type: "string", description: "json (default), csv or text.",
                                         values: ["json", "csv", "text"]),
                               Parameter(name: "tld", location: "query", type: "string", description: "For registry: only this top-level domain."),
                               Parameter(name: "since", location: "query", type: "number", description: "For exposure: only clients seen at or after (Unix seconds)."),
                               Parameter(name: "until", location: "query", type: "number", description: "For exposure: only clients seen at or before (Unix seconds).")],
                  responses: [("200", "The report")] + errors, produces: "application/json"),
        Operation(method: "POST", path: "/api/v1/ingest", summary: "Upload a file in any format fluxscope ingest reads into the store", write: true,
                  parameters: [Parameter(name: "format", location: "query", type: "string", description: "The format (else told by the content).",
                                         values: ["pcap", "pcapng", "dnstap", "zeek", "cof", "dnsdb", "passivedns", "dig", "zone"]),
                               Parameter(name: "name", location: "query", type: "string", description: "A label for the source."),
                               Parameter(name: "time", location: "query", type: "number",
                                         description: "For files that carry no time (zone files): when the snapshot was taken, Unix seconds (default: the upload time).")],
                  body: "application/octet-stream",
                  responses: [("201", "Ingested"), ("401", "No valid token"), ("413", "Too large"), ("415", "Unknown format")] + errors),
    ]

    /// The routes the document describes.
    public static var routes: [RouteSpec] { operations.map { RouteSpec(method: $0.method, path: $0.path) } }

    /// The document as JSON.
    public static func json() -> [UInt8] {
        var j = JSONWriter(capacity: 16_384)
        j.beginObject()
        j.key("openapi"); j.string("3.1.0")
        j.key("info"); j.beginObject()
        j.key("title"); j.string("FluxScope API")
        j.key("version"); j.string("1")
        j.key("description"); j.string("Fast-flux and double-flux detection: verdicts with evidence, flux networks, the watchlist, exports. Reads are open unless the server is configured otherwise; writes need a bearer token from `fluxscope token create`.")
        j.endObject()
        j.key("components"); j.beginObject()
        j.key("securitySchemes"); j.beginObject()
        j.key("bearer"); j.beginObject(); j.key("type"); j.string("http"); j.key("scheme"); j.string("bearer"); j.endObject()
        j.endObject()
        j.endObject()
        j.key("paths"); j.beginObject()
        var byPath: [(String, [Operation])] = []
        for op in operations {
            if let i = byPath.firstIndex(where: { $0.0 == op.path }) { byPath[i].1.append(op) } else { byPath.append((op.path, [op])) }
        }
        for (path, ops) in byPath {
            j.key(path); j.beginObject()
            for op in ops { write(op, to: &j) }
            j.endObject()
        }
        j.endObject()
        j.endObject()
        j.newline()
        return j.bytes
    }

    static func write(_ op: Operation, to j: inout JSONWriter) {
        j.key(op.method.lowercased()); j.beginObject()
        j.key("summary"); j.string(op.summary)
        j.key("operationId"); j.string(op.method.lowercased() + op.path.split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber }.capitalized }.joined())
        if op.write { j.key("security"); j.beginArray(); j.beginObject(); j.key("bearer"); j.beginArray(); j.endArray(); j.endObject(); j.endArray() }
        j.key("parameters"); j.beginArray()
        for p in op.parameters {
            j.beginObject()
            j.key("name"); j.string(p.name)
            j.key("in"); j.string(p.location)
            j.key("required"); j.bool(p.location == "path")
            j.key("description"); j.string(p.description)
            j.key("schema"); j.beginObject()
            j.key("type"); j.string(p.type)
            if !p.values.isEmpty { j.key("enum"); j.beginArray(); for v in p.values { j.string(v) }; j.endArray() }
            j.endObject()
            j.endObject()
        }
        j.endArray()
        if let body = op.body {
            j.key("requestBody"); j.beginObject()
            j.key("required"); j.bool(true)
            j.key("content"); j.beginObject(); j.key(body); j.beginObject()
            j.key("schema"); j.beginObject()
            if body == "application/json" {
                j.key("type"); j.string("object")
                j.key("required"); j.beginArray(); j.string("domain"); j.endArray()
                j.key("properties"); j.beginObject()
                j.key("domain"); j.beginObject(); j.key("type"); j.string("string"); j.endObject()
                j.key("note"); j.beginObject(); j.key("type"); j.string("string"); j.key("maxLength"); j.number(1000); j.endObject()
                j.key("interval"); j.beginObject(); j.key("type"); j.string("number"); j.key("minimum"); j.number(1); j.key("maximum"); j.number(2_592_000); j.endObject()
                j.endObject()
            } else {
                j.key("type"); j.string("string"); j.key("format"); j.string("binary")
            }
            j.endObject()
            j.endObject(); j.endObject()
            j.endObject()
        }
        j.key("responses"); j.beginObject()
        for (code, description) in op.responses {
            j.key(code); j.beginObject()
            j.key("description"); j.string(description)
            if code.hasPrefix("2") && code != "204" {
                j.key("content"); j.beginObject(); j.key(op.produces); j.beginObject(); j.endObject(); j.endObject()
            }
            j.endObject()
        }
        j.endObject()
        j.endObject()
    }
}

extension Verdict {
    /// The class names, as the API writes them.
    static var classNames: [String] { Class.allCases.map(\.rawValue) }
}
