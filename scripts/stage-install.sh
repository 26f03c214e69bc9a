#!/usr/bin/env bash
# Lays Slipway's files out under a root directory, as `make install` and `make deb` install them:
#   <root><prefix>/bin/slipway, slipway-hook; <root><prefix>/share/slipway/templates, hooks;
#   <root>/lib/systemd/system/slipway-poll@.{service,timer} (with <prefix>/bin in them);
#   <root>/etc/slipway/server.yml (kept when it exists).
# Usage: stage-install.sh ROOT PREFIX (the binaries must be built: make build).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$1" prefix="$2"
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
for binary in slipway slipway-hook; do
    [ -x "$bin/$binary" ] || { echo "stage-install: $bin/$binary is not built; run make build first" >&2; exit 1; }
done
install -d "$root$prefix/bin" "$root$prefix/share/slipway/templates" "$root$prefix/share/slipway/hooks" \
    "$root/lib/systemd/system" "$root/etc/slipway"
install -m 0755 "$bin/slipway" "$bin/slipway-hook" "$root$prefix/bin/"
install -m 0644 templates/*.mustache "$root$prefix/share/slipway/templates/"
install -m 0755 hooks/post-receive "$root$prefix/share/slipway/hooks/"
install -m 0644 hooks/slipway-poll.cron "$root$prefix/share/slipway/hooks/"
for unit in slipway-poll@.service slipway-poll@.timer; do
    sed -e "s|/usr/local/bin/slipway|$prefix/bin/slipway|g" -e "s|^User=git$|User=slipway|" "hooks/$unit" > "$root/lib/systemd/system/$unit"
    chmod 0644 "$root/lib/systemd/system/$unit"
done
if [ ! -e "$root/etc/slipway/server.yml" ]; then
    cat > "$root/etc/slipway/server.yml" <<'YAML'
# Slipway's server configuration: settings shared by every repository on this server.
# Builds at once across every repository (default: the number of CPU cores).
# max-builds: 2
# Where the build slots' lock files live (sticky and world-writable, like /tmp).
# slots: /var/lib/slipway/slots
YAML
    chmod 0644 "$root/etc/slipway/server.yml"
fi
