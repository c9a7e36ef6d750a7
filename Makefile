# VTON Lab: `make run` serves http://localhost:9999; `make test` runs every test.
# Both install missing Debian packages first (run as root on a fresh machine).
SHELL := /bin/bash
APT_PACKAGES := libvips-dev libmariadb-dev libargon2-dev postgresql mariadb-server openssl python3-pip chromium chromium-driver firefox-esr
# Links only the libraries the code calls: libvips and the hundred it brings are opened on the
# first image instead (Sources/CVipsShim/loader.c), 17 MiB less for a process that has none yet.
# In a clang config file because clang puts its own options before pkg-config's -l flags only
# from there; -Xlinker options land after them, too late to apply.
LINK_AS_NEEDED := -Xswiftc -Xclang-linker -Xswiftc --config=$(CURDIR)/as-needed.cfg
SWIFT_FLAGS ?= $(LINK_AS_NEEDED)
VTON := .build/debug/vton

.PHONY: run test deps build release migrate format format-check test-swift test-sdk test-schema test-e2e test-cluster clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build $(SWIFT_FLAGS)

# For production and benchmarks: optimised, with the Swift runtime and Foundation linked in,
# which calls them directly instead of through the dynamic linker's tables. Linked by the
# toolchain's lld so the relocations are packed (DT_RELR) and without exporting the binary's
# own symbols, which the static runtime's link options ask for and nothing looks up: less to
# read and relocate at every start (bench/README.md has the figures).
# Then linked a second time with the functions a server runs placed together, in the order
# one traced run of this very build first ran them (scripts/code-order): the kernel maps code
# 64 KiB around each first use, so functions spread over the whole binary keep most of it
# resident. The order is made afresh by every release build and never committed.
RELEASE_ORDER := $(CURDIR)/.build/release.order
RELEASE_LINK := -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --no-export-dynamic \
	-Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections \
	-Xlinker --symbol-ordering-file=$(RELEASE_ORDER) -Xlinker --no-warn-symbol-ordering \
	-Xlinker -T -Xlinker $(CURDIR)/scripts/code-order/private-functions.ld
RELEASE_BUILD := swift build -c release --static-swift-stdlib $(LINK_AS_NEEDED) $(RELEASE_LINK)
release: deps
	mkdir -p .build && touch $(RELEASE_ORDER)
	$(RELEASE_BUILD)
	scripts/code-order/trace.sh .build/release/vton $(RELEASE_ORDER)
	rm .build/release/vton
	$(RELEASE_BUILD)

migrate: build
	$(VTON) migrate

run: migrate
	$(VTON) serve

format:
	swift format -i -r Sources Tests Package.swift

format-check:
	swift format lint --strict -r Sources Tests Package.swift

test: migrate format-check test-swift test-sdk test-schema test-e2e test-cluster

# The whole Swift suite runs three times: on SQLite, then on a throw-away PostgreSQL, then on a
# throw-away MariaDB started here (VTON_TEST_DATABASE puts every test server and repository on
# it); each time with an S3 server (moto's, from PyPI) for the storage tests. One test at a
# time: each starts real servers, and on two cores parallel runs only add timing noise.
test-swift: build
	python3 -m pip install -q -r scripts/test-s3.requirements.txt
	scripts/test-s3.sh run swift test --no-parallel $(SWIFT_FLAGS)
	VTON_TEST_DATABASE=postgres scripts/test-postgres.sh run scripts/test-s3.sh run swift test --skip-build --no-parallel $(SWIFT_FLAGS)
	VTON_TEST_DATABASE=mysql scripts/test-mariadb.sh run scripts/test-s3.sh run swift test --skip-build --no-parallel $(SWIFT_FLAGS)

test-sdk: build
	python3 -m pip install -q -r Tests/sdk/requirements.txt
	VTON_BIN=$(VTON) python3 -m pytest -q Tests/sdk

# Issue #18 on a throw-away PostgreSQL and S3 server started here: one `api` and two `worker`
# processes, 1,000 tasks, one worker killed with SIGKILL mid-run; every task succeeds once, each
# image is stored once, every ledger adds up (Tests/cluster; its docstring has the settings).
test-cluster: build
	python3 -m pip install -q -r Tests/cluster/requirements.txt -r scripts/test-s3.requirements.txt
	VTON_BIN=$(VTON) VTON_TEST_CLUSTER_STORAGE=s3 scripts/test-postgres.sh run scripts/test-s3.sh run \
		python3 -m pytest -q -p no:cacheprovider Tests/cluster

# Schemathesis against `vton serve` from its own /openapi.json, as an administrator and as an
# ordinary user: no 5xx, and every status, content type and body as documented (Tests/schema).
test-schema: build
	python3 -m pip install -q -r Tests/schema/requirements.txt
	VTON_BIN=$(VTON) python3 -m pytest -q -p no:cacheprovider Tests/schema

# The web client against the real server, every test in headless Chromium (Debian's chromium +
# chromium-driver) and in headless Firefox (firefox-esr, driven over its own Marionette protocol:
# Debian has no geckodriver); screenshots land in test-output/e2e/.
test-e2e: build
	python3 -m pip install -q -r Tests/e2e/requirements.txt
	VTON_BIN=$(VTON) python3 -m pytest -q Tests/e2e

clean:
	rm -rf .build data
