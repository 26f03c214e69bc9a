#!/usr/bin/env bash
# The main job end to end: a push to a bare repository leads to a build, an image in a registry
# tagged by the pushed commit, and a report with the image's digest.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
. scripts/tools-env.sh
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
demo="$(mktemp -d /tmp/slipway-demo-XXXXXX)"
export GIT_AUTHOR_NAME="Demo Developer" GIT_AUTHOR_EMAIL="dev@example.com"
export GIT_COMMITTER_NAME="Demo Developer" GIT_COMMITTER_EMAIL="dev@example.com"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
# The worker publishes (CHANGELOG.md, webhooks, git note) after recording a run: wait until it exits.
wait_for_worker() { for _ in $(seq 1 100); do flock -n "$demo/app.git/slipway/worker.lock" true && return; sleep 0.1; done; }
# A failed build ends the demo there, with what went wrong, not with an unrelated error later.
require_success() {
    local number=$1 status
    wait_for_worker
    status="$("$bin/slipway" history --repo "$demo/app.git" | awk -v run="#$number" '$1 == run { print $4 }')"
    [ "$status" = SUCCEEDED ] && return
    printf '\n\033[1;31mThe demo stopped: build #%s is %s, not SUCCEEDED.\033[0m\n' "$number" "${status:-missing}" >&2
    "$bin/slipway" show "$number" --repo "$demo/app.git" | sed -n '/^## What went wrong/,/^## Phases/p' >&2 || true
    echo "Last 40 lines of its log ($demo/app.git/slipway/logs/$number.log):" >&2
    tail -n 40 "$demo/app.git/slipway/logs/$number.log" >&2 || true
    exit 1
}
# The services the demo started stop with it, unless asked to stay.
cleanup() {
    if [ -n "${SLIPWAY_DEMO_KEEP_SERVICES:-}" ]; then
        echo "The registry and engine keep running; stop them with: SLIPWAY_SERVICES_DIR=$SLIPWAY_SERVICES_DIR $root/scripts/services.sh stop"
    else
        "$root/scripts/services.sh" stop >/dev/null 2>&1 || true
        echo "Stopped the demo's registry (and engine, if it started one); SLIPWAY_DEMO_KEEP_SERVICES=1 make demo keeps them."
    fi
}

step "A registry on 127.0.0.1, and a Docker engine (started unless one already answers)"
export SLIPWAY_SERVICES_DIR=/tmp/slipway-demo-services
trap cleanup EXIT
scripts/services.sh start docker registry
set -a
. "$SLIPWAY_SERVICES_DIR/env"
set +a
registry="$SLIPWAY_TEST_REGISTRY"

step "A bare repository with Slipway's hook ($demo/app.git)"
git init -q --bare -b main "$demo/app.git"
"$bin/slipway" init --repo "$demo/app.git"
cat > "$demo/app.git/slipway.yml" <<CONFIG
# The server's configuration: what builds, and which image each build pushes.
branches: [main]
docker:
  host: $SLIPWAY_TEST_DOCKER_HOST
images:
  - name: $registry/demo/sample-app
CONFIG
cat "$demo/app.git/slipway.yml"

step "A developer's clone: a Dockerfile (FROM scratch: nothing can be pulled here) and a buildspec"
git init -q -b main "$demo/clone"
cd "$demo/clone"
git remote add origin "$demo/app.git"
cp "$(command -v busybox)" busybox
cat > Dockerfile <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
COPY app.sh /app.sh
CMD ["/bin/busybox", "sh", "/app.sh"]
DOCKERFILE
printf 'echo "hello from the demo app"\n' > app.sh
cat > buildspec.yml <<'SPEC'
version: 0.2
env:
  variables:
    APP_NAME: demo-app
  exported-variables:
    - IMAGE_URI
phases:
  pre_build:
    commands:
      - COMMIT_HASH=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)
      - IMAGE_TAG=${COMMIT_HASH:=latest}
  build:
    commands:
      - 'echo "Testing $APP_NAME at $IMAGE_TAG (build #$CODEBUILD_BUILD_NUMBER)"'
      - sh app.sh | grep -q hello
  post_build:
    commands:
      - IMAGE_URI="$SLIPWAY_IMAGE_TAG"
      - echo "Build succeeding? $CODEBUILD_BUILD_SUCCEEDING"
SPEC
git add .
git commit -q -m "feat: first version of the demo app"

step "slipway plan (what a build of this commit would do; runs nothing)"
git push -q origin HEAD:refs/heads/preview 2>/dev/null || true
"$bin/slipway" plan --repo "$demo/app.git" --branch preview
git push -q origin :refs/heads/preview 2>/dev/null || true

step "git push (the hook queues the build and returns at once)"
git push origin main

step "The build, live (slipway logs 1 --follow)"
"$bin/slipway" logs 1 --follow --repo "$demo/app.git" || true
require_success 1

step "slipway history"
"$bin/slipway" history --repo "$demo/app.git"

step "slipway show 1 (the Markdown report)"
"$bin/slipway" show 1 --repo "$demo/app.git"

step "The registry's own view of the image (GET /v2/demo/sample-app/tags/list)"
curl -s "http://$registry/v2/demo/sample-app/tags/list"
echo

step "Two more commits, one of them breaking, and a second push"
printf 'echo "hello again from the demo app"\n' > app.sh
git commit -q -am "fix(app): friendlier greeting (#2)"
git commit -q --allow-empty -m "feat(api)!: rename the greeting endpoint" -m "BREAKING CHANGE: clients call /greeting instead of /hello"
git push -q origin main
"$bin/slipway" logs 2 --follow --repo "$demo/app.git" > /dev/null || true
require_success 2

step "What changed since the last good build (the Changes section of report #2)"
"$bin/slipway" show 2 --repo "$demo/app.git" | sed -n '/^## Changes/,/^## [^C]/p' | sed '$d'

step "The changelog bot: CHANGELOG.md for main, and the report as a git note on the commit"
cat "$demo/app.git/slipway/reports/branches/main/CHANGELOG.md"
git fetch -q origin refs/notes/slipway:refs/notes/slipway
git log --notes=slipway -1 | head -16
echo
echo "Everything lives in $demo (the repository's state is in $demo/app.git/slipway)."
