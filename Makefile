# Greenlight — the two commands a newcomer needs:
#   make serve   run the server on the embedded default (SQLite, bundled Rules, Questionnaires, demo Fixtures)
#   make test    run the whole test suite
# Both install the system libraries first when they are missing (Debian/Ubuntu, apt-get).

SYSTEM_PACKAGES := liblua5.4-dev libsqlite3-dev libssl-dev libjemalloc-dev pkg-config
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
CONFIG ?= debug
ARGS ?=

.PHONY: serve test build bench deps clean-data

serve: deps
	swift run -c $(CONFIG) greenlight serve $(ARGS)

test: deps
	swift build --build-tests
	swift test --skip-build

build: deps
	swift build -c $(CONFIG)

# Performance figures (release build): JSON and case-store throughput and latency percentiles,
# each against a baseline measured in the same run.
bench: deps
	swift build -c release --product greenlight-bench
	.build/release/greenlight-bench json
	.build/release/greenlight-bench store
	.build/release/greenlight-bench rules
	.build/release/greenlight-bench crd
	.build/release/greenlight-bench pas
	.build/release/greenlight-bench pas --durability full

# Installs the Debian packages Greenlight links against, only when one is missing.
deps:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

# Removes the embedded database (the demo plan is loaded again on the next `make serve`).
clean-data:
	rm -f data/greenlight.sqlite data/greenlight.sqlite-wal data/greenlight.sqlite-shm
