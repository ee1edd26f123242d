# The two commands of the README: `make demo` and `make check`.
# Both install what is missing (scripts/deps.sh), then build with CMake.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_CHECK_SECONDS ?= 4
SOAK_SECONDS ?= 600
SOAK_RATE ?= 1000
BENCH_BUILD ?= build-release
BENCH_CACHE ?= $(BUILD)/bench-peer
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX     ?= /usr/local
DESTDIR    ?=

.PHONY: all deps build check check-fast check-asan check-fuzz fuzz fuzz-build \
	check-valgrind soak demo bench \
	bench-deps bench-smoke clean install deb fresh-check ops-deps

all: build

deps:
	@./scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# yelld, yellctl, the data files, the example configuration and the
# systemd unit under PREFIX (default /usr/local), staged in DESTDIR if set.
install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD)

# Every test, then every test again under AddressSanitizer and UBSan, then
# each fuzz target briefly (make fuzz FUZZ_SECONDS=3600 for a long run).
check: check-fast check-asan check-fuzz

check-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

check-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DYELL_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)

# Every libFuzzer target of tests/fuzz: briefly in `make check` (about
# 4 s each, some 35 s in all), for FUZZ_SECONDS each with `make fuzz`.
check-fuzz: fuzz-build
	./scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_CHECK_SECONDS)

fuzz: fuzz-build
	./scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz-build: deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang \
		-DCMAKE_BUILD_TYPE=Debug -DYELL_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_all

# The unit tests and fuzz replays under valgrind memcheck, then the
# integration tests with yelld and yellctl under it (a flag run: slow).
# VALGRIND_INTEGRATION=0 stops after the unit tests.
check-valgrind: build
	@JOBS=$(JOBS) ./scripts/valgrind.sh $(BUILD)

# 1,000 commands a second against the fake Slack with socket drops and
# SIGKILL restarts, for SOAK_SECONDS (default 600), then the ledger.
soak: build
	@SOAK_SECONDS=$(SOAK_SECONDS) SOAK_RATE=$(SOAK_RATE) \
	    YELL_SOURCE_DIR=$(CURDIR) YELL_BUILD_DIR=$(CURDIR)/$(BUILD) \
	    sh tests/soak/soak.sh

# yelld on the console adapter with the demo roster, in a fresh state
# directory.  Its output is the demo's alone: the build goes to a log.
demo: deps
	@mkdir -p $(BUILD)
	@echo "building yell (log: $(BUILD)/build.log) ..." >&2
	@{ cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_INSTALL_PREFIX=$(PREFIX) && \
		cmake --build $(BUILD) -j$(JOBS); } >$(BUILD)/build.log 2>&1 || \
		{ tail -n 30 $(BUILD)/build.log >&2; \
		echo "the build failed; see $(BUILD)/build.log" >&2; exit 1; }
	@BUILD=$(BUILD) ./scripts/demo.sh

# Benchmarks print figures; they are not pass/fail tests.  The Slack
# benchmark runs a Release yelld beside a Bolt app and a slack-go app
# (tests/bench/slack_bench.sh; scripts/bench-deps.sh installs Node.js, Go
# and the peers' packages, which `make check` never needs).
bench: build bench-deps
	@for b in $(BUILD)/tests/bench_*; do echo "== $$b"; $$b "$(CURDIR)"; done
	@echo "== tests/bench/slack_bench.sh"
	@BENCH_BUILD=$(BENCH_BUILD) BENCH_CACHE=$(BENCH_CACHE) ./tests/bench/slack_bench.sh

bench-deps: deps
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BENCH_BUILD) -j$(JOBS) --target yelld yellctl fake_slack seed_reminders
	@./scripts/bench-deps.sh $(BENCH_CACHE)

# A short run of the Slack benchmark that fails only if a peer cannot get
# through it or loses an I-message: a check that the scripts still work.
bench-smoke: bench-deps
	@BENCH_QUICK=1 BENCH_BUILD=$(BENCH_BUILD) BENCH_CACHE=$(BENCH_CACHE) \
	    ./tests/bench/slack_bench.sh

# The operations targets need more than `make check` (scripts/ops-deps.sh).
ops-deps:
	@./scripts/ops-deps.sh

# The Debian package, built from a copy of the tree in $(DEB_BUILD) (the
# .deb lands there), then checked with lintian.
DEB_BUILD ?= build-deb
deb: deps ops-deps
	rm -rf $(DEB_BUILD) && mkdir -p $(DEB_BUILD)/yell
	tar cf - --exclude='./build*' --exclude=./.git . | tar xf - -C $(DEB_BUILD)/yell
	cd $(DEB_BUILD)/yell && dpkg-buildpackage -us -uc -b
	lintian --fail-on error $(DEB_BUILD)/*.changes

# A fresh Debian 12 (debootstrap minbase) chroot: clone this repository
# there and run the README's first steps (scripts/fresh-check.sh; root).
fresh-check: ops-deps
	./scripts/fresh-check.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD) $(DEB_BUILD)
