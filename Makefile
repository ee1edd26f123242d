# The two commands of the README: `make demo` and `make check`.
# Both install what is missing (scripts/deps.sh), then build with CMake.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 10
BENCH_BUILD ?= build-release
BENCH_CACHE ?= $(BUILD)/bench-peer
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build check check-fast check-asan check-fuzz fuzz demo bench \
	bench-deps bench-smoke clean

all: build

deps:
	@./scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

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

check-fuzz fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang \
		-DCMAKE_BUILD_TYPE=Debug -DYELL_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_slack_envelope
	./scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# yelld on the console adapter with the demo roster, in a fresh state directory.
demo: build
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

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
