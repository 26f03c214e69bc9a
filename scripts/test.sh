#!/usr/bin/env bash
# Builds and runs every test. Tests that need a Docker engine, a registry or moto_server start
# them through scripts/services.sh (loopback only), which this script shuts down at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export SLIPWAY_SERVICES_DIR="${SLIPWAY_SERVICES_DIR:-/tmp/slipway-test-services}"
trap 'scripts/services.sh stop >/dev/null 2>&1 || true' EXIT
scripts/services.sh start
set -a
. "$SLIPWAY_SERVICES_DIR/env"
set +a
scripts/check-dependencies.py
swift build --build-tests
swift test --skip-build "$@"
