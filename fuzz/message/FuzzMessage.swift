// libFuzzer entry for `fuzz-message`: one DNS message per input.
//
// Built by fuzz/build.sh against the DNSWire module compiled with the same sanitizers, so it
// sees only DNSWire's public API, as any other client would. Every broken property calls
// `fatalError` with a message naming it, so libFuzzer keeps the input as a crash file.
//
// Properties, in order:
//   a. `Message.parsePartial` never traps, whatever the bytes.
//   b. `MessageScan.scan` reports the same first error (kind and offset) as `parsePartial`,
//      the same header, and the same number of entries per section. (`Message(wire:)` is
//      `parsePartial` plus a throw, so it is not parsed a third time here.)
//   c. On success, `serialize()` returns bytes or throws a `DNSWireError`; the bytes parse
//      without error to a message equal to the original once anomalies are cleared; and
//      serializing that message again gives the same bytes.
//   d. Presentation of every name, code and record does not trap, nor do the EDNS option
//      readers.
//   e. Every name printed in presentation format reads back to the same wire labels.

import DNSWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)

    // (a)
    let (message, error) = Message.parsePartial(bytes)

    // (b)
    checkScanAgrees(bytes, message: message, error: error)

    // (d) and (e) hold for the partial message too: everything in it was parsed.
    present(message)

    // (c)
    if error == nil { checkRoundTrip(message) }
    return 0
}

func checkScanAgrees(_ bytes: UnsafeRawBufferPointer, message m: Message, error: DNSWireError?) {
    let s = MessageScan.scan(bytes)
    if s.error?.kind != error?.kind || s.error?.offset != error?.offset {
        violation("scan and parse disagree: scan \(describe(s.error)), parse \(describe(error))")
    }
    guard bytes.count >= 12 else { return }
    if s.id != m.id || s.flags != m.flags {
        violation("scan and parse disagree on the header")
    }
    let parsed = (m.questions.count, m.answers.count, m.authority.count, m.additional.count + (m.edns == nil ? 0 : 1))
    if (s.questions, s.answers, s.authority, s.additional) != parsed {
        violation("scan counts \((s.questions, s.answers, s.authority, s.additional)) but parse holds \(parsed)")
    }
}

func checkRoundTrip(_ m: Message) {
    let wire: [UInt8]
    do { wire = try m.serialize() } catch { return }  // typed throws: a DNSWireError, allowed
    let (again, error) = wire.withUnsafeBytes { Message.parsePartial($0) }
    if let error {
        violation("serialized message does not parse: \(error); serialized \(hex(wire))")
    }
    if cleared(again) != cleared(m) {
        violation("parse(serialize(m)) != m; serialized \(hex(wire))\n  m:     \(m)\n  again: \(again)")
    }
    let second: [UInt8]
    do { second = try again.serialize() } catch {
        violation("serialize failed on the reparsed message: \(error)")
    }
    if second != wire {
        violation("serialize not idempotent:\n  first:  \(hex(wire))\n  second: \(hex(second))")
    }
}

func present(_ m: Message) {
    var sink = 0
    sink &+= m.flags.names.count &+ m.flags.opcode.description.utf8.count &+ m.rcode.description.utf8.count
    for q in m.questions {
        presentName(q.name)
        sink &+= q.type.description.utf8.count &+ q.recordClass.description.utf8.count
    }
    for section in [Section.answer, .authority, .additional] {
        for rr in m.records(in: section) {
            presentName(rr.name)
            sink &+= rr.description.utf8.count  // owner, TTL, class, type, RDATA presentation
            presentNames(in: rr.data)
        }
    }
    if let edns = m.edns {
        for option in edns.options {
            sink &+= option.name.utf8.count
            if let ecs = try? option.clientSubnet() { sink &+= ecs.address.description.utf8.count }
            if (try? option.validateCookie()) != nil { sink &+= 1 }
        }
    }
    for anomaly in m.anomalies { sink &+= anomaly.description.utf8.count }
    blackHole(sink)
}

/// (e) for the names inside RDATA.
func presentNames(in data: RData) {
    switch data {
    case .name(let n): presentName(n)
    case .soa(let s): presentName(s.mname); presentName(s.rname)
    case .mx(_, let n): presentName(n)
    case .srv(_, _, _, let n): presentName(n)
    case .naptr(let n): presentName(n.replacement)
    case .rrsig(let s): presentName(s.signer)
    case .nsec(let n, _): presentName(n)
    case .svcb(let s): presentName(s.target)
    default: break
    }
}

func presentName(_ name: DNSName) {
    let text = name.description
    let reread: DNSName
    do { reread = try DNSName(text) } catch {
        violation("name \(hex(name.wire)) prints as \(text), which does not read back: \(error)")
    }
    if reread.wire != name.wire {
        violation("name \(hex(name.wire)) prints as \(text), which reads back as \(hex(reread.wire))")
    }
    blackHole(name.labelCount &+ name.labels.count &+ name.parent.wireLength &+ name.lowercased.wireLength)
    if !name.isSubdomain(of: name.parent) { violation("\(text) is not under its parent") }
}

func cleared(_ m: Message) -> Message {
    var m = m
    m.anomalies = []
    return m
}

func describe(_ e: DNSWireError?) -> String { e.map { "\($0.kind)@\($0.offset)" } ?? "none" }

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

func violation(_ what: String) -> Never {
    fatalError("fuzz-message property violated: \(what)")
}

@inline(never) func blackHole(_ x: Int) {
    if x == -1 { print("") }
}
