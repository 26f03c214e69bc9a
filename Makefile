# Slipway: `make demo` shows push → build → image → report; `make test` runs every test.
# Both install what they need on a fresh Debian 12 machine.
SHELL := /bin/bash
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: all deps build test demo bench deb install fresh-check clean
PREFIX ?= /usr/local
DESTDIR ?=

all: build

deps:
	@scripts/install-deps.sh

# slipway links libgit2 (and loads libcurl when needed): static Swift runtime, dynamic C libraries.
# slipway-hook is the push's hot path: a fully static executable, built apart, copied next to it.
build: deps
	swift build $(RELEASE_FLAGS) --product slipway
	swift build -c release -Xswiftc -static-executable --scratch-path .build-hook --product slipway-hook
	cp .build-hook/release/slipway-hook "$$(swift build $(RELEASE_FLAGS) --show-bin-path)/slipway-hook"
	@echo "binaries: $$(swift build $(RELEASE_FLAGS) --show-bin-path)/slipway and slipway-hook"

test: deps
	scripts/test.sh

demo: build
	scripts/demo.sh

bench: deps build
	@SLIPWAY_BENCH_DEPS=1 scripts/install-deps.sh zip
	Benchmarks/run.sh

# A Debian package (dpkg-deb only): dist/slipway_<version>_<arch>.deb.
deb: build
	scripts/package-deb.sh

# For other systems: the binaries, templates, hook and systemd units under $(PREFIX) (and DESTDIR).
install: build
	scripts/stage-install.sh "$(DESTDIR)" "$(PREFIX)"

# The README's two commands on a minimal Debian 12 root made with debootstrap (root only).
fresh-check:
	scripts/fresh-check.sh

clean:
	rm -rf .build .build-* .bench dist
