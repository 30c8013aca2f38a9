import DNSWire
import Foundation

extension LabWorld {
    /// The UDP payload size the lab advertises in its EDNS responses (RFC 6891 section
    /// 6.2.5; 1232 as the DNS flag day 2020 recommends).
    public static let advertisedPayloadSize: UInt16 = 1232

    /// The most CNAME records followed in one answer.
    static let maxChain = 8

    /// The response to `query` at the simulated time `date`, asked by `client` of the
    /// world's servers in `view`. Authoritative (AA) for names in the world's zones;
    /// NXDOMAIN with the SOA in the authority section for names a zone lacks, NOERROR with
    /// the SOA for names without the type (RFC 2308); REFUSED outside the world's zones;
    /// referrals with NS and glue from a TLD for names of a delegated zone in the parent view.
    public func answer(_ query: Message, at date: Date, client: LabClient = LabClient(), view: LabView = .full)
        -> Message
    {
        var response = Message(id: query.id, questions: query.questions)
        response.flags.qr = true
        response.flags.opcode = query.flags.opcode
        response.flags.rd = query.flags.rd
        if let edns = query.edns {
            response.edns = EDNS(udpPayloadSize: LabWorld.advertisedPayloadSize)
            guard edns.version == 0 else {  // RFC 6891 section 6.1.3
                response.rcode = .badVers
                return response
            }
        }
        guard query.flags.opcode == .query else { response.rcode = .notImp; return response }
        guard query.questions.count == 1, !query.flags.qr else { response.rcode = .formErr; return response }
        let question = query.questions[0]
        guard question.recordClass == .in || question.recordClass == .any,
              question.type != .axfr, question.type != .ixfr else {
            response.rcode = .refused
            return response
        }
        var subnet: IPAddress?
        if let option = query.edns?.options.first(where: { $0.code == EDNSOption.clientSubnet }) {
            guard let ecs = try? option.clientSubnet() else {  // RFC 7871 section 7.1.1
                response.rcode = .formErr
                return response
            }
            subnet = ecs.address
            var echoed = option.data
            echoed[3] = ecs.sourcePrefixLength  // scope: answers may differ per source prefix
            response.edns?.options = [EDNSOption(code: EDNSOption.clientSubnet, data: echoed)]
        }
        var resolution = Resolution(world: self, t: elapsed(at: date), client: client, subnet: subnet, view: view)
        resolution.resolve(question.name, question.type, depth: 0)
        resolution.fill(&response)
        return response
    }

    /// The response to one question (a convenience for tests and data generation).
    public func answer(_ question: Question, at date: Date, client: LabClient = LabClient(),
                       view: LabView = .full, edns: EDNS? = nil) -> Message {
        answer(Message(id: 0, questions: [question], edns: edns), at: date, client: client, view: view)
    }

    /// The zone of the view that holds `name`: the closest enclosing one.
    func zone(for name: DNSName, view: LabView) -> ServedZone? {
        if view == .full, let zone = zones.filter({ name.isSubdomain(of: $0.apex) }).max(by: {
            $0.apex.labelCount < $1.apex.labelCount
        }) {
            return .child(zone)
        }
        return tlds.filter { name.isSubdomain(of: $0.apex) }.max { $0.apex.labelCount < $1.apex.labelCount }
            .map(ServedZone.tld)
    }

    /// A zone the world answers from.
    enum ServedZone {
        case tld(TLDZone)
        case child(any ZoneModel)
    }
}
