# Sourced by the scripts: puts the project's Python tools (moto_server, git-cliff) first on PATH.
# scripts/install-deps.sh makes them; nothing here uses a tool the machine merely happens to have.
slipway_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$slipway_root/.build-tools/venv/bin:$PATH"
