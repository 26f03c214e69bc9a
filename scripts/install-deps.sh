#!/usr/bin/env bash
# Installs everything Slipway needs to build, test, demo and benchmark on Debian 12 (and Debian 13
# or Ubuntu 24.04), quietly and idempotently:
#   - Debian packages: the Swift toolchain's own runtime and link dependencies (swift.org names
#     them), Slipway's build dependencies, and the real services the tests and demo use;
#   - Python tools (moto_server; git-cliff for `make bench`) in a virtual environment of the
#     project's own, .build-tools/venv, never in the system interpreter (PEP 668).
# Scripts get the tools with `. scripts/tools-env.sh`. Extra Debian packages may be named as arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

toolchain=(binutils gcc g++ libc6-dev libncurses6 libxml2 libcurl4 zlib1g-dev tzdata ca-certificates)
ours=(make git pkg-config libgit2-dev libsqlite3-dev sqlite3 libcurl4-openssl-dev libxml2-dev bubblewrap util-linux)
services=(python3 python3-venv awscli busybox-static docker.io docker-registry apache2-utils curl time procps)
missing=()
for package in "${toolchain[@]}" "${ours[@]}" "${services[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=()
    if [ "$(id -u)" != 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "install-deps: these Debian packages are missing: ${missing[*]}" >&2
            echo "install-deps: run this as root (su -c '$0'), or install sudo, or install them yourself with apt-get" >&2
            exit 1
        fi
        sudo=(sudo)
    fi
    echo "installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's own interpreter (not whatever python3 comes first on PATH), in a venv of our own.
venv=.build-tools/venv
if [ ! -x "$venv/bin/python" ]; then
    echo "creating the tools' virtual environment: $venv"
    /usr/bin/python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import moto.server, flask' >/dev/null 2>&1; then
    echo "installing: moto[server] (into $venv)"
    "$venv/bin/python" -m pip install --quiet 'moto[server]'
fi
if [ -n "${SLIPWAY_BENCH_DEPS:-}" ] && [ ! -x "$venv/bin/git-cliff" ]; then
    echo "installing: git-cliff (into $venv; the changelog benchmark's baseline)"
    "$venv/bin/python" -m pip install --quiet git-cliff
fi
