#!/usr/bin/env bash
# The main job end to end: a push to a bare repository leads to a build and a report.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
demo="$(mktemp -d /tmp/slipway-demo-XXXXXX)"
export GIT_AUTHOR_NAME="Demo Developer" GIT_AUTHOR_EMAIL="dev@example.com"
export GIT_COMMITTER_NAME="Demo Developer" GIT_COMMITTER_EMAIL="dev@example.com"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "A bare repository with Slipway's hook ($demo/app.git)"
git init -q --bare -b main "$demo/app.git"
"$bin/slipway" init --repo "$demo/app.git"

step "A developer's clone with a CodeBuild buildspec"
git init -q -b main "$demo/clone"
cd "$demo/clone"
git remote add origin "$demo/app.git"
cat > buildspec.yml <<'SPEC'
version: 0.2
env:
  variables:
    APP_NAME: demo-app
  exported-variables:
    - ARTIFACT
phases:
  install:
    commands:
      - echo "Installing for $APP_NAME"
  pre_build:
    commands:
      - COMMIT_HASH=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)
      - IMAGE_TAG=${COMMIT_HASH:=latest}
  build:
    commands:
      - 'echo "Building $APP_NAME at $IMAGE_TAG (build #$CODEBUILD_BUILD_NUMBER)"'
      - mkdir -p dist && cp app.sh dist/ && ARTIFACT=dist/app.sh
  post_build:
    commands:
      - echo "Build succeeding? $CODEBUILD_BUILD_SUCCEEDING"
SPEC
printf '#!/bin/sh\necho "hello from demo-app"\n' > app.sh
git add .
git commit -q -m "feat: first version of the demo app"

step "git push (the hook queues the build and returns at once)"
git push origin main

step "The build, live (slipway logs 1 --follow)"
"$bin/slipway" logs 1 --follow --repo "$demo/app.git" || true

step "slipway history"
"$bin/slipway" history --repo "$demo/app.git"

step "slipway show 1 (the Markdown report)"
"$bin/slipway" show 1 --repo "$demo/app.git"
echo
echo "Everything lives in $demo (the repository's state is in $demo/app.git/slipway)."
