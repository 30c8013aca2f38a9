#!/usr/bin/env bash
# Installs the Debian packages FluxScope builds and tests with, if any is missing.
# Safe to run again: it only calls apt-get when something is absent.
set -euo pipefail

packages=(
  libpcap-dev            # PacketCapture: pcap/pcapng files and live interfaces
  libsqlite3-dev         # Store: SQLite (GRDB, and sqlite3_config for the store's settings)
  libloc-dev libloc-database location python3-location   # Enrichment: IPFire location database (+ `location` for tests)
  dns-root-data          # Ingest tests: root.hints as a real zone file
  libmaxminddb-dev       # Enrichment: .mmdb readers
  zlib1g-dev             # Enrichment and text inputs: .gz files
  publicsuffix           # Detection: registered domains
  tshark                 # reference decoder for differential tests
  nsd unbound            # real DNS servers on loopback for tests
  bind9-dnsutils         # dig, to query them in tests
  bind9-utils            # named-checkzone, which checks the RPZ export
  tcpdump
  chromium               # headless browser: screenshots and DOM checks of the dashboard (ServerTests)
  wrk                    # HTTP load generator: the server's load test (ServerTests)
  postgresql             # the shared store: StoreTests and SensorsTests run a server on loopback
  dnsperf                # the load yardstick of bench/probe.sh (a benchmark, not a test)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
