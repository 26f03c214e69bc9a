#!/usr/bin/env bash
# Builds and runs every test. Tests that need a Docker engine, a registry or moto_server start
# them through scripts/services.sh (loopback only), which this script shuts down at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tools-env.sh
export SLIPWAY_SERVICES_DIR="${SLIPWAY_SERVICES_DIR:-/tmp/slipway-test-services}"
trap 'scripts/services.sh stop >/dev/null 2>&1 || true' EXIT
scripts/services.sh start
set -a
. "$SLIPWAY_SERVICES_DIR/env"
set +a
# One server configuration for every test repository: a limit well above what the tests run at
# once, with its own slots; the tests of the limit itself bring their own file.
export SLIPWAY_SERVER_CONFIG="$SLIPWAY_SERVICES_DIR/server.yml"
printf 'max-builds: 64\nslots: %s/slots\n' "$SLIPWAY_SERVICES_DIR" > "$SLIPWAY_SERVER_CONFIG"
scripts/check-dependencies.py
swift build --build-tests
swift test --skip-build "$@"
