#!/usr/bin/env python3
"""Build Sources/Enrichment/CDN/CDNData.swift: known CDN / cloud networks, ASNs and
CNAME suffixes, from published provider lists kept in ../shared/data/cdn:

  cdncheck/        projectdiscovery/cdncheck (MIT): provider.yaml (ASNs, CNAME suffixes,
                   the provider URLs each list was fetched from) and sources_data.json
                   (the compiled CIDR lists: cdn, waf, cloud; common = CNAME suffixes)
  cdn-ip-database/ mansourjabin/cdn-ip-database (MIT): sources.json (provider URLs and
                   ASNs), resolved_ips.json (per-provider ranges), cdn.lst (all ranges)

Output rows (TSV inside a Swift string literal, one row per line):
  net   <prefix>   <provider>  <kind>  <sources>
  asn   AS<number> <provider>  <kind>  <sources>
  cname <suffix>   <provider>  <kind>  <sources>
kind is cdn (CDNs and reverse-proxy WAFs) or cloud. Per provider and kind, prefixes are
collapsed (adjacent and nested ranges merged) to keep the file small. cdn.lst rows that no
provider list explains are kept with provider "unattributed".

Usage: scripts/build-cdn-data.py [DATA_DIR] (default: ../shared/data/cdn from the repo root)
"""
import ipaddress
import json
import os
import sys
from collections import defaultdict

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "cdn")
OUT = os.path.join(ROOT, "Sources", "Enrichment", "CDN", "CDNData.swift")

# One name per provider across both inputs.
ALIASES = {
    "amazon": "cloudfront", "google cloud": "google", "microsoft azure": "azure",
    "imperva": "incapsula", "edgio": "edgecast", "limelight": "edgecast",
}
CLOUD = "cloud"
CDN = "cdn"


def provider_name(raw):
    name = raw.strip()
    if name.isascii():  # keep non-Latin names as published
        name = name.lower()
    return ALIASES.get(name.lower(), name)


def main():
    nets = defaultdict(set)        # (provider, kind) -> set of networks
    net_sources = defaultdict(set)  # (provider, kind) -> sources
    asns = defaultdict(set)        # (asn, provider, kind) -> sources
    cnames = defaultdict(set)      # (suffix, provider) -> sources

    with open(os.path.join(DATA, "cdncheck", "sources_data.json")) as f:
        compiled = json.load(f)
    for category, kind in (("cdn", CDN), ("waf", CDN), ("cloud", CLOUD)):
        for raw, cidrs in compiled.get(category, {}).items():
            key = (provider_name(raw), kind)
            for cidr in cidrs:
                nets[key].add(ipaddress.ip_network(cidr, strict=False))
            net_sources[key].add("cdncheck")
    for raw, suffixes in compiled.get("common", {}).items():
        for suffix in suffixes:
            cnames[(suffix.lower().strip("."), provider_name(raw))].add("cdncheck")

    with open(os.path.join(DATA, "cdncheck", "provider.yaml")) as f:
        providers = yaml.safe_load(f)
    for category, kind in (("cdn", CDN), ("waf", CDN), ("cloud", CLOUD)):
        for raw, numbers in (providers.get(category, {}).get("asn") or {}).items():
            for number in numbers:
                asns[(int(str(number).upper().removeprefix("AS")), provider_name(raw), kind)].add("cdncheck")
    for raw, suffixes in (providers.get("common", {}).get("fqdn") or {}).items():
        for suffix in suffixes:
            cnames[(suffix.lower().strip("."), provider_name(raw))].add("cdncheck")

    with open(os.path.join(DATA, "cdn-ip-database", "resolved_ips.json")) as f:
        resolved = json.load(f)
    for raw, entry in resolved.items():
        key = (provider_name(raw), CDN)
        for cidr in entry.get("ips", []):
            nets[key].add(ipaddress.ip_network(cidr, strict=False))
            net_sources[key].add("cdn-ip-database")
        for number in entry.get("asns", []):
            asns[(int(number.upper().removeprefix("AS")), key[0], CDN)].add("cdn-ip-database")
    with open(os.path.join(DATA, "cdn-ip-database", "sources.json")) as f:
        for entry in json.load(f):
            for number in entry.get("asns", []):
                asns[(int(number.upper().removeprefix("AS")), provider_name(entry["provider"]), CDN)].add("cdn-ip-database")

    # cdn.lst: keep what no provider list already covers.
    known = [n for group in nets.values() for n in group]
    known4 = list(ipaddress.collapse_addresses(n for n in known if n.version == 4))
    known6 = list(ipaddress.collapse_addresses(n for n in known if n.version == 6))
    with open(os.path.join(DATA, "cdn-ip-database", "cdn.lst")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            net = ipaddress.ip_network(line, strict=False)
            pool = known4 if net.version == 4 else known6
            if not any(net.subnet_of(k) for k in pool):
                nets[("unattributed", CDN)].add(net)
                net_sources[("unattributed", CDN)].add("cdn-ip-database")

    rows = []
    # CDN rows first: where a CDN and a cloud list give the same range (CloudFront inside
    # AWS), the catalog keeps the first, more specific, attribution.
    for (provider, kind), group in sorted(nets.items(), key=lambda item: (item[0][1] != CDN, item[0])):
        source = ",".join(sorted(net_sources[(provider, kind)]))
        for version in (4, 6):
            for net in ipaddress.collapse_addresses(n for n in group if n.version == version):
                rows.append(("net", str(net), provider, kind, source))
    for (number, provider, kind), sources in sorted(asns.items()):
        rows.append(("asn", f"AS{number}", provider, kind, ",".join(sorted(sources))))
    for (suffix, provider), sources in sorted(cnames.items()):
        rows.append(("cname", suffix, provider, CDN, ",".join(sorted(sources))))

    body = "\n".join("\t".join(r) for r in rows)
    assert '"""' not in body and "\\" not in body
    counts = defaultdict(int)
    for r in rows:
        counts[r[0]] += 1
    with open(OUT, "w") as f:
        f.write("// Generated by scripts/build-cdn-data.py; do not edit. Inputs (MIT licensed):\n")
        f.write("//   projectdiscovery/cdncheck: provider.yaml, sources_data.json\n")
        f.write("//   mansourjabin/cdn-ip-database: sources.json, resolved_ips.json, cdn.lst\n")
        f.write(f"// {counts['net']} networks, {counts['asn']} ASNs, {counts['cname']} CNAME suffixes.\n\n")
        f.write("extension CDNCatalog {\n")
        f.write("    /// The built-in table: `kind<TAB>key<TAB>provider<TAB>cdn|cloud<TAB>sources` rows.\n")
        f.write('    static let builtInTSV = """\n')
        f.write(body)
        f.write('\n"""\n}\n')
    print(f"wrote {OUT}: {dict(counts)}, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
