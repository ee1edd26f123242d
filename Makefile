# The two commands of the README: `make demo` and `make check`.
# Both install what is missing (scripts/deps.sh), then build with CMake.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build check check-fast check-asan demo bench clean

all: build

deps:
	@./scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# Every test, then every test again under AddressSanitizer and UBSan.
check: check-fast check-asan

check-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

check-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DYELL_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)

# yelld on the console adapter with the demo roster, in a fresh state directory.
demo: build
	@BUILD=$(BUILD) ./scripts/demo.sh

# Benchmarks print figures; they are not pass/fail tests.
bench: build
	@for b in $(BUILD)/tests/bench_*; do echo "== $$b"; $$b "$(CURDIR)"; done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
