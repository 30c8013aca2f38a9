import DNSWire
import Hummingbird
import Reports

/// `/api/v1/addresses/{address}`: which domains answered with an address, which flux network
/// it serves, and what enrichment knows of it.
struct AddressesController<Context: RequestContext>: Sendable {
    let repository: any FluxRepository

    func register(_ routes: RouteRegistry<Context>) {
        routes.on(.get, "/api/v1/addresses/:address") { _, context in try await lookup(context) }
    }

    func lookup(_ context: Context) async throws -> Response {
        let address = try QueryReader.address(context.parameters.get("address"))
        let sightings = try await repository.sightings(withAddress: address)
        let info = try await repository.addressInfo(address)
        let snapshot = repository.snapshot()
        let networks = snapshot.result.networks.filter { $0.agents.contains(address) }.map(\.id)
        guard !sightings.isEmpty || info != nil else { throw APIError.notFound("\(address) has not been seen in any answer") }
        return JSONResponse.build { j in
            j.beginObject()
            j.key("address"); j.string(address.description)
            j.key("asn"); if let n = info?.asn { j.number(n) } else { j.null() }
            j.key("prefix"); if let p = info?.prefix { j.string(p) } else { j.null() }
            j.key("as_name"); if let n = info?.asName { j.string(n) } else { j.null() }
            j.key("country"); if let c = info?.country { j.string(c) } else { j.null() }
            j.key("flags"); j.beginArray(); for f in info?.flags ?? [] { j.string(f) }; j.endArray()
            j.key("networks"); j.beginArray(); for n in networks { j.string(n) }; j.endArray()
            j.key("domains"); j.beginArray()
            for s in sightings {
                let row = snapshot.row(s.key.name, level: .fqdn)
                j.beginObject()
                j.key("domain"); j.string(s.key.name.description)
                j.key("first_seen"); j.string(UTCTime.rfc3339(s.firstSeen))
                j.key("last_seen"); j.string(UTCTime.rfc3339(s.lastSeen))
                j.key("count"); j.number(s.count)
                j.key("verdict"); if let v = row?.verdict.verdict { j.string(v.rawValue) } else { j.null() }
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
    }
}
