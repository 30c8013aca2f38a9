#!/usr/bin/env bash
# Validates STIX 2.1 files with the OASIS validator (stix2-validator from PyPI), installed
# once into a virtual environment under .build/stix-venv.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/stix-venv"
if ! "$venv/bin/pip" show stix2-validator 2>/dev/null | grep -q "^Version: 3.2.0"; then
  python3 -m venv "$venv" >&2
  # 3.3.1 on PyPI ships without its JSON schemas ("Cannot locate a schema"); 3.2.0 has them.
  "$venv/bin/pip" install -q "stix2-validator==3.2.0" >&2
fi
exec "$venv/bin/stix2_validator" --version 2.1 --strict-types "$@"
