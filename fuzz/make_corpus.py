#!/usr/bin/env python3
"""Seed corpora for the fuzz targets.

    make_corpus.py message CAPTURES_DIR OUT_DIR   DNS messages, one file each
    make_corpus.py capture CAPTURES_DIR OUT_DIR   frame sequences for fuzz-capture

`message`: every DNS payload tshark finds in every pcap/pcapng under CAPTURES_DIR (UDP
payloads as they are; TCP payloads split on their 2-byte length prefixes), plus the
hand-made hostile messages below. Files are named by the SHA-1 of their bytes, so identical
messages are stored once.

`capture`: each capture's frames in the fuzz-capture input format (fuzz/capture/README.md):
per frame, a 2-byte big-endian length, one link-type byte, then the frame. A capture is cut
into inputs of at most 64 frames.
"""
import hashlib
import os
import struct
import subprocess
import sys


def captures(root):
    for d, _, files in os.walk(root):
        for f in sorted(files):
            if f.endswith((".pcap", ".pcapng", ".cap")):
                yield os.path.join(d, f)


def store(out, data, prefix=""):
    name = prefix + hashlib.sha1(data).hexdigest()
    path = os.path.join(out, name)
    if os.path.exists(path):
        return False
    with open(path, "wb") as fh:
        fh.write(data)
    return True


# --- DNS payloads ---------------------------------------------------------------------------

def tcp_messages(stream):
    """Splits TCP DNS data on its length prefixes (RFC 1035 section 4.2.2); a cut-short
    last message is kept as it is, because truncation is worth fuzzing too."""
    i = 0
    while i + 2 <= len(stream):
        n = struct.unpack(">H", stream[i:i + 2])[0]
        yield stream[i + 2:i + 2 + n]
        i += 2 + n


def dns_payloads(path):
    fields = ["udp.payload", "tcp.reassembled.data", "tcp.payload"]
    cmd = ["tshark", "-n", "-r", path, "-Y", "dns || mdns || llmnr", "-T", "fields", "-E", "separator=|"]
    for f in fields:
        cmd += ["-e", f]
    try:
        text = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    except FileNotFoundError:
        sys.exit("make_corpus: tshark is not installed (apt-get install tshark)")
    except subprocess.TimeoutExpired:
        return
    for line in text.splitlines():
        udp, reassembled, tcp = (line.split("|") + ["", "", ""])[:3]
        # A field can repeat (tunnels): tshark joins the values with commas.
        if udp:
            for h in udp.split(","):
                yield bytes.fromhex(h)
        elif reassembled or tcp:
            for h in (reassembled or tcp).split(","):
                yield from tcp_messages(bytes.fromhex(h))


def header(qd=0, an=0, ns=0, ar=0, ident=0x1234, flags=0x0100):
    return struct.pack(">HHHHHH", ident, flags, qd, an, ns, ar)


def name(text):
    out = b""
    for label in text.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\x00"


def rr(owner, rtype, rdata, rclass=1, ttl=300):
    return owner + struct.pack(">HHIH", rtype, rclass, ttl, len(rdata)) + rdata


def hostile_messages():
    """Hand-made messages aimed at the decompressor and the framing checks."""
    q = struct.pack(">HH", 1, 1)
    seeds = {
        # The 18-byte packet whose QNAME (C0 0C) points at itself.
        "self-pointer": header(qd=1) + b"\xc0\x0c" + q,
        # A pointer forward, to a name that follows it.
        "forward-pointer": header(qd=1) + b"\xc0\x12" + q + name("a"),
        # A pointer back into the labels of the same name: a loop through "a".
        "pointer-into-own-name": header(qd=1) + b"\x01a\xc0\x0c" + q,
        # Two names pointing at each other.
        "mutual-pointers": header(qd=2) + b"\x01a\xc0\x12" + q + b"\x01b\xc0\x0c" + q,
        # A pointer to the highest offset a pointer can name.
        "pointer-to-3fff": header(qd=1) + b"\xff\xff" + q,
        # A pointer cut short by the end of the message.
        "pointer-cut-short": header(qd=1) + b"\x01a\xc0",
        # Label types 01 and 10 (RFC 6891 section 5 retired them).
        "label-type-40": header(qd=1) + b"\x41" + b"x" * 1 + b"\x00" + q,
        "label-type-80": header(qd=1) + b"\x81" + b"x" + b"\x00" + q,
        # Names of 255 (longest legal) and 256 octets.
        "name-255": header(qd=1) + b"\x3f" + b"a" * 63 + b"\x3f" + b"b" * 63 + b"\x3f" + b"c" * 63 + b"\x3d" + b"d" * 61 + b"\x00" + q,
        "name-256": header(qd=1) + b"\x3f" + b"a" * 63 + b"\x3f" + b"b" * 63 + b"\x3f" + b"c" * 63 + b"\x3e" + b"d" * 62 + b"\x00" + q,
        # Counts far above what the bytes hold.
        "counts-ffff": header(qd=0xFFFF, an=0xFFFF, ns=0xFFFF, ar=0xFFFF) + name("a") + q,
        # RDLENGTH past the end of the message.
        "rdlength-overrun": header(an=1) + name("a") + struct.pack(">HHIH", 1, 1, 0, 0xFFFF) + b"\x01\x02",
        # Short messages.
        "empty": b"",
        "five-octets": b"\x12\x34\x01\x00\x00",
        "header-only": header(),
        # Two OPT records, an OPT in the answer section, an OPT with a non-root owner.
        "two-opt": header(qd=1, ar=2) + name("a") + q
        + rr(b"\x00", 41, b"", rclass=1232) + rr(b"\x00", 41, struct.pack(">HH", 10, 8) + b"12345678", rclass=512),
        "opt-in-answer": header(qd=1, an=1) + name("a") + q + rr(b"\x00", 41, b"", rclass=4096),
        "opt-non-root": header(ar=1) + rr(name("x"), 41, b"", rclass=1232),
        # OPT then TSIG, the order RFC 8945 section 5.1 asks for.
        "opt-then-tsig": header(ar=2) + rr(b"\x00", 41, b"", rclass=1232) + rr(name("key"), 250, b"\x00" * 8, rclass=255, ttl=0),
        # Trailing octets after the last record.
        "trailing": header(qd=1) + name("a") + q + b"\xde\xad",
    }
    # A chain of questions, each name a pointer to the one before: 200 hops by the end.
    body, previous = name("") + q, 12
    for _ in range(200):
        here = 12 + len(body)
        body += struct.pack(">H", 0xC000 | previous) + q
        previous = here
    seeds["pointer-chain-200"] = header(qd=201) + body
    # A chain that grows: each name is one more label in front of a pointer to the last.
    body, previous = name("") + q, 12
    for _ in range(130):
        here = 12 + len(body)
        body += b"\x01x" + struct.pack(">H", 0xC000 | previous) + q
        previous = here
    seeds["growing-chain-130"] = header(qd=131) + body

    # One record of every type with typed RDATA, each well formed, sharing compressed names.
    own = b"\xc0\x0c"
    ex = name("example.com")
    typed = [
        (1, b"\xc0\x00\x02\x01"),
        (28, bytes(range(16))),
        (2, name("ns1") [:-1] + own),
        (5, name("cdn.example.net")),
        (6, name("ns.example.com") + name("hostmaster.example.com") + struct.pack(">IIIII", 1, 2, 3, 4, 5)),
        (15, struct.pack(">H", 10) + name("mail") [:-1] + own),
        (16, b"\x0bv=spf1 -all\x00\x03\xff\x22\x5c"),
        (13, b"\x03x86\x05Linux"),
        (33, struct.pack(">HHH", 0, 5, 5060) + name("sip.example.com")),
        (35, struct.pack(">HH", 100, 10) + b"\x01S\x07SIP+D2U\x00" + name("_sip._udp.example.com")),
        (257, b"\x00\x05issueletsencrypt.org"),
        (43, struct.pack(">HBB", 20326, 8, 2) + bytes(32)),
        (48, struct.pack(">HBB", 257, 3, 8) + bytes(range(40))),
        (46, struct.pack(">HBBIIIH", 1, 13, 2, 300, 1700000000, 1699000000, 12345) + ex + bytes(64)),
        (47, name("b.example.com") + b"\x00\x06\x40\x01\x00\x00\x00\x03\x01\x01\x40"),
        (50, b"\x01\x01\x00\x0a\x04\xaa\xbb\xcc\xdd\x05\xff\x00\x10\x20\x30\x00\x01\x40"),
        (65, struct.pack(">H", 1) + b"\x00" + struct.pack(">HH", 1, 3) + b"\x02h2" + struct.pack(">HH", 4, 4) + b"\xc0\x00\x02\x01"),
        (64, struct.pack(">H", 0) + ex),
        (39, ex),
        (12, ex),
        (18, struct.pack(">H", 1) + ex),
        (99, b"\x05hello"),
        (59, struct.pack(">HBB", 1, 13, 2) + bytes(32)),
        (60, struct.pack(">HBB", 257, 3, 13) + bytes(64)),
        (65280, b"\x01\x02\x03"),
        (10, b""),
    ]
    answers = b"".join(rr(own, t, d) for t, d in typed)
    ecs = struct.pack(">HHHBB", 8, 7, 1, 24, 0) + b"\xc0\x00\x02"
    cookie = struct.pack(">HH", 10, 24) + bytes(range(24))
    ede = struct.pack(">HH", 15, 6) + b"\x00\x06oops"
    opt = rr(b"\x00", 41, ecs + cookie + ede, rclass=1232, ttl=0x01008000)
    seeds["every-type"] = header(qd=1, an=len(typed), ar=1, flags=0x8580) + ex + q + answers + opt
    return seeds


def make_message_corpus(captures_dir, out):
    os.makedirs(out, exist_ok=True)
    new = total = files = 0
    for path in captures(captures_dir):
        files += 1
        for payload in dns_payloads(path):
            total += 1
            new += store(out, payload)
    hostile = 0
    for label, data in hostile_messages().items():
        hostile += store(out, data, prefix="hostile-" + label + "-")
    print(f"make_corpus: {files} captures, {total} DNS payloads, {new} distinct; {hostile} hostile seeds -> {out}")


# --- Frames for fuzz-capture ----------------------------------------------------------------

def pcap_frames(path):
    """Yields (link type, frame bytes) from a classic pcap or a pcapng file."""
    with open(path, "rb") as fh:
        data = fh.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = "<" if magic[0] in (0xD4, 0x4D) else ">"
        link = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
        i = 24
        while i + 16 <= len(data):
            incl = struct.unpack(e + "I", data[i + 8:i + 12])[0]
            yield link, data[i + 16:i + 16 + incl]
            i += 16 + incl
    elif magic == b"\x0a\x0d\x0d\x0a":
        e = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
        links = []
        i = 0
        while i + 12 <= len(data):
            btype, blen = struct.unpack(e + "II", data[i:i + 8])
            if blen < 12:
                break
            body = data[i + 8:i + blen - 4]
            if btype == 0x0A0D0D0A:
                e = "<" if body[:4] == b"\x4d\x3c\x2b\x1a" else ">"
                links = []
            elif btype == 1:
                links.append(struct.unpack(e + "H", body[:2])[0])
            elif btype == 6 and len(body) >= 20:
                iface, _, _, caplen = struct.unpack(e + "IIII", body[:16])
                if iface < len(links):
                    yield links[iface], body[20:20 + caplen]
            elif btype == 3 and len(body) >= 4 and links:
                yield links[0], body[4:]
            i += blen


def link_byte(link):
    """The fuzz input's link-type byte: the LINKTYPE_ number, or 0xFF for LINUX_SLL2 (276),
    the one common link type above 255 (see fuzz/capture/README.md)."""
    if link < 0xFF:
        return link
    return 0xFF if link == 276 else None


def make_capture_corpus(captures_dir, out):
    os.makedirs(out, exist_ok=True)
    new = 0
    for path in captures(captures_dir):
        chunk = b""
        count = 0
        for link, frame in pcap_frames(path):
            b = link_byte(link)
            if b is None:
                continue
            frame = frame[:0xFFFF]
            chunk += struct.pack(">HB", len(frame), b) + frame
            count += 1
            if count == 64:
                new += store(out, chunk)
                chunk, count = b"", 0
        if chunk:
            new += store(out, chunk)
    print(f"make_corpus: {new} frame-sequence seeds -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("message", "capture"):
        sys.exit(__doc__)
    if sys.argv[1] == "message":
        make_message_corpus(sys.argv[2], sys.argv[3])
    else:
        make_capture_corpus(sys.argv[2], sys.argv[3])
