#!/usr/bin/env bash
# `make bench`: every benchmark in one run, each against the baseline its issue names.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools-env.sh
export SLIPWAY_BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)"
exec python3 Benchmarks/bench.py "$@"
