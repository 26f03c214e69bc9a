#!/usr/bin/env bash
# Starts (or stops) the real services Slipway's tests and demo use, on loopback only:
#   - a Docker engine on a private socket (unless DOCKER_HOST already answers),
#   - a registry on 127.0.0.1 and one with htpasswd auth (user slipway / password from the env file),
#   - moto_server (SSM, Secrets Manager, ...) on 127.0.0.1.
# Writes their addresses to $SLIPWAY_SERVICES_DIR/env. Usage: services.sh start|stop [docker|registry|moto ...]
set -euo pipefail
. "$(dirname "$0")/tools-env.sh"
dir="${SLIPWAY_SERVICES_DIR:-/tmp/slipway-services}"
mkdir -p "$dir"
cd "$dir"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() { # description, command...
    local what=$1; shift
    for _ in $(seq 1 150); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "services: $what did not come up; see $dir/*.log" >&2
    return 1
}

start_docker() {
    # An engine this script started for the demo or the tests is used as it is: never a second one.
    local other
    for other in "$dir" /tmp/slipway-test-services /tmp/slipway-demo-services; do
        if [ -S "$other/docker.sock" ] && DOCKER_HOST="unix://$other/docker.sock" docker info >/dev/null 2>&1; then
            echo "SLIPWAY_TEST_DOCKER_HOST=unix://$other/docker.sock" >> env.new
            return
        fi
    done
    # An engine that already runs (DOCKER_HOST, or the system's socket) is used as it is.
    if [ -z "${SLIPWAY_PRIVATE_DOCKER:-}" ] && docker info >/dev/null 2>&1; then
        echo "SLIPWAY_TEST_DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}" >> env.new
        return
    fi
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo dockerd --host "unix://$dir/docker.sock" --data-root "$dir/docker-data" --exec-root "$dir/docker-exec" \
        --pidfile "$dir/docker.pid" > docker.log 2>&1 &
    wait_for "dockerd" env DOCKER_HOST="unix://$dir/docker.sock" docker info
    $sudo chmod 666 "$dir/docker.sock"
    echo "SLIPWAY_TEST_DOCKER_HOST=unix://$dir/docker.sock" >> env.new
}

start_registry() { # name, port, [htpasswd file]
    local name=$1 port=$2 auth=${3:-}
    mkdir -p "$dir/$name-data"
    {
        echo "version: 0.1"
        echo "log: {level: warn}"
        echo "storage: {filesystem: {rootdirectory: $dir/$name-data}, delete: {enabled: true}}"
        echo "http: {addr: 127.0.0.1:$port}"
        if [ -n "$auth" ]; then echo "auth: {htpasswd: {realm: slipway-test, path: $auth}}"; fi
    } > "$name.yml"
    docker-registry serve "$name.yml" > "$name.log" 2>&1 &
    echo $! > "$name.pid"
    wait_for "registry $name" curl -s -o /dev/null "http://127.0.0.1:$port/v2/"
}

start_registries() {
    local plain secured password
    plain=$(free_port)
    secured=$(free_port)
    password="pw-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    printf "%s" "$password" | htpasswd -Bic "$dir/htpasswd" slipway 2>/dev/null
    start_registry registry "$plain"
    start_registry auth-registry "$secured" "$dir/htpasswd"
    {
        echo "SLIPWAY_TEST_REGISTRY=127.0.0.1:$plain"
        echo "SLIPWAY_TEST_AUTH_REGISTRY=127.0.0.1:$secured"
        echo "SLIPWAY_TEST_AUTH_REGISTRY_USER=slipway"
        echo "SLIPWAY_TEST_AUTH_REGISTRY_PASSWORD=$password"
    } >> env.new
}

start_moto() {
    local port
    port=$(free_port)
    moto_server -H 127.0.0.1 -p "$port" > moto.log 2>&1 &
    echo $! > moto.pid
    wait_for "moto_server" curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/"
    echo "SLIPWAY_TEST_MOTO=http://127.0.0.1:$port" >> env.new
}

stop_all() {
    for name in registry auth-registry moto; do
        if [ -f "$name.pid" ]; then kill "$(cat "$name.pid")" 2>/dev/null || true; rm -f "$name.pid"; fi
    done
    if [ -f docker.pid ]; then
        sudo=""
        [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo kill "$(cat docker.pid)" 2>/dev/null || true
        for _ in $(seq 1 50); do [ -f docker.pid ] || break; sleep 0.2; done
    fi
    rm -f env
}

case "${1:-start}" in
    start)
        shift || true
        stop_all
        : > env.new
        wanted=("${@:-docker registry moto}")
        for service in ${wanted[*]}; do
            case "$service" in
                docker) start_docker ;;
                registry) start_registries ;;
                moto) start_moto ;;
                *) echo "services: unknown service $service" >&2; exit 2 ;;
            esac
        done
        mv env.new env
        echo "services: started (${wanted[*]}); addresses in $dir/env"
        ;;
    stop) stop_all ;;
    *) echo "usage: services.sh start|stop [docker registry moto]" >&2; exit 2 ;;
esac
