#!/usr/bin/env bash
# `make fresh-check`: the README's two commands on a minimal Debian 12, as a new user meets them.
#   1. debootstrap a minbase bookworm root from the mirror apt uses here;
#   2. add only the host's Swift toolchain (read-only) and the git and CA configuration this
#      host resolves packages with (url rewrites to a local package mirror, the CA bundle, apt's
#      sources), then clone this repository into it;
#   3. inside: apt-get install make git, then `make demo` and `make test`, each step timed;
#   4. clean up every mount and process it made.
# The root is entered with bubblewrap (pivot_root), not chroot: a chrooted process may not create
# user namespaces, which sandboxed builds need, and dockerd needs its root to be a mount point.
# It gets the host's /proc: a build's sandbox mounts a proc of its own, which the kernel allows
# only where a proc mount is fully visible (a fresh one with read-only overmounts is not).
# Run as root. FRESH_KEEP=1 keeps the root for a look afterwards.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "fresh-check: run as root (debootstrap and the sandbox need it): sudo make fresh-check" >&2; exit 1; }
for tool in debootstrap bwrap git; do
    command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${tool/bwrap/bubblewrap}" >/dev/null
done
swift="$(command -v swift)" || { echo "fresh-check: no Swift toolchain on PATH to lend the clean root" >&2; exit 1; }
toolchain="$(cd "$(dirname "$(readlink -f "$swift")")/../.." && pwd)"
mirror="$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
mirror="${mirror:-$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)}"
mirror="${mirror:-http://deb.debian.org/debian}"
work="$(mktemp -d /var/tmp/slipway-fresh-XXXXXX)"
root="$work/root"
log="$work/steps.log"
started=$(date +%s)

cleanup() {
    # Whatever still runs with its root inside the clean root (dockerd, registries) ends first.
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/root" 2>/dev/null)" = "$root" ] && kill -9 "${proc#/proc/}" 2>/dev/null || true
    done
    if [ -z "${FRESH_KEEP:-}" ]; then rm -rf "$work"; else echo "fresh-check: kept $root"; fi
}
trap cleanup EXIT

step() { # name, command...
    local name=$1 t0=$SECONDS
    shift
    printf '%-52s ' "$name"
    if "$@" >>"$log" 2>&1; then
        printf 'ok    %4ss\n' $((SECONDS - t0))
    else
        printf 'FAILED after %ss\n\nfresh-check: the first failure, %s; the last 60 lines of its output:\n' $((SECONDS - t0)) "$name"
        tail -n 60 "$log"
        exit 1
    fi
}

host_configuration() {
    # apt: the host's sources and validity settings (its mirror may be a snapshot).
    [ -f /etc/apt/sources.list.d/debian.sources ] && cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" \
        && : > "$root/etc/apt/sources.list"
    for file in /etc/apt/apt.conf.d/99*; do [ -f "$file" ] && cp "$file" "$root/etc/apt/apt.conf.d/"; done
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # The CA bundle this host trusts (pip and HTTPS resolve through it), kept apart from the
    # bundle the root's own ca-certificates package will write.
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/host-ca-bundle.crt"
    # git: the url rewrites to the local Swift package mirror, and the ignore file that keeps Package.resolved out.
    git config --get-regexp '^url\.' 2>/dev/null | while read -r key value; do
        git config --file "$root/etc/gitconfig" --add "$key" "$value"
    done
    if [ -f /etc/gitignore ]; then cp /etc/gitignore "$root/etc/gitignore"; git config --file "$root/etc/gitconfig" core.excludesfile /etc/gitignore; fi
    git config --file "$root/etc/gitconfig" user.name "Fresh Check"
    git config --file "$root/etc/gitconfig" user.email "fresh-check@localhost"
    git clone -q "$repo" "$root/root/slipway"
}

inside() { # command: runs in the clean root, with a clean environment
    local binds=(--bind "$root" / --dev-bind /dev /dev --bind /proc /proc --bind /sys /sys --tmpfs /run --bind "$root/tmp" /tmp
                 --ro-bind "$toolchain" "$toolchain")
    [ -d /opt/swift-packages ] && binds+=(--ro-bind /opt/swift-packages /opt/swift-packages)
    env -i HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
        PATH="$toolchain/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        PIP_CERT=/etc/host-ca-bundle.crt REQUESTS_CA_BUNDLE=/etc/host-ca-bundle.crt \
        bwrap "${binds[@]}" --cap-add ALL --die-with-parent --chdir /root/slipway -- /bin/bash -c "$1"
}

echo "fresh-check: Debian 12 (bookworm) from $mirror into $root; toolchain $toolchain; log $log"
step "debootstrap --variant=minbase bookworm" debootstrap --variant=minbase bookworm "$root" "$mirror"
step "host git, CA and apt configuration; clone" host_configuration
step "apt-get install make git (the README's one step)" inside "apt-get update -qq && apt-get install -y -qq --no-install-recommends make git ca-certificates"
step "make demo" inside "make demo"
step "make test" inside "make test"
step "make deb, and install it" inside "make deb && apt-get install -y -qq ./dist/slipway_*.deb && getent passwd slipway && slipway --version"
grep -E "Test run with|passed after|failed after" "$log" | tail -1 || true
echo "fresh-check: everything passed in $(( $(date +%s) - started ))s"
