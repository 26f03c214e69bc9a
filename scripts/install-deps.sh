#!/usr/bin/env bash
# Installs what Slipway needs to build and test on Debian 12; does nothing when all is there.
set -euo pipefail

packages=(pkg-config libgit2-dev libsqlite3-dev sqlite3 libcurl4-openssl-dev git bubblewrap util-linux busybox-static docker.io docker-registry apache2-utils curl time "$@")
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import moto.server, flask' >/dev/null 2>&1; then
    echo "installing: moto[server] (pip)"
    python3 -m pip install --quiet 'moto[server]'
fi
if [ -n "${SLIPWAY_BENCH_DEPS:-}" ] && ! command -v git-cliff >/dev/null 2>&1; then
    echo "installing: git-cliff (pip; the changelog benchmark's baseline)"
    python3 -m pip install --quiet git-cliff
fi
