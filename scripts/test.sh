#!/usr/bin/env bash
# Runs FluxScope's test suite on a fresh machine: installs what is missing, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
# A fuzz smoke of seconds: every fuzz target built with libFuzzer and run briefly (long
# campaigns run outside CI: fuzz/run.sh, docs/fuzzing.md).
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-5} bash fuzz/smoke.sh
