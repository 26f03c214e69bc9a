#!/usr/bin/env bash
# `make deb`: a Debian package of Slipway with dpkg-deb alone: the binaries in /usr/bin, the
# templates in /usr/share/slipway, the systemd units in /lib/systemd/system, a `slipway` system
# user made on install, /var/lib/slipway/slots for the server-wide build limit, and
# /etc/slipway/server.yml as a conffile. Writes dist/slipway_<version>_<arch>.deb.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(sed -n 's/.*version: "\([0-9][0-9.]*\)".*/\1/p' Sources/slipway/Slipway.swift | head -1)"
arch="$(dpkg --print-architecture)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
scripts/stage-install.sh "$stage" /usr
install -d "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: slipway
Version: $version
Architecture: $arch
Maintainer: Slipway developers <slipway@localhost>
Depends: libgit2-1.5 | libgit2-1.7 | libgit2-1.8 | libgit2-1.9, libsqlite3-0, libcurl4 | libcurl4t64, git, bubblewrap, adduser
Recommends: docker.io
Section: devel
Priority: optional
Description: CodeBuild-compatible builds for plain git servers
 A push to a bare repository builds the exact commit with its buildspec.yml (CodeBuild 0.2
 semantics) in a bubblewrap sandbox, pushes images tagged by SHA, and writes a Markdown report
 with a changelog since the last good build.
CONTROL
echo "/etc/slipway/server.yml" > "$stage/DEBIAN/conffiles"
cat > "$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    if ! getent passwd slipway >/dev/null; then
        adduser --system --group --home /var/lib/slipway --no-create-home --gecos "Slipway builds" slipway >/dev/null
    fi
    install -d -m 0755 -o slipway -g slipway /var/lib/slipway
    install -d -m 1777 /var/lib/slipway/slots
fi
POSTINST
cat > "$stage/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
set -e
if [ "$1" = purge ]; then
    rm -rf /var/lib/slipway/slots
    if getent passwd slipway >/dev/null && command -v deluser >/dev/null; then deluser --system slipway >/dev/null || true; fi
fi
POSTRM
chmod 0755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/postrm"
mkdir -p dist
dpkg-deb --root-owner-group --build "$stage" "dist/slipway_${version}_${arch}.deb" >/dev/null
echo "dist/slipway_${version}_${arch}.deb"
dpkg-deb --contents "dist/slipway_${version}_${arch}.deb" | awk '{print "  " $6}'
