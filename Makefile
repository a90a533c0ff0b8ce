# metaul: the two commands are `make demo` and `make check`; every target does its own set-up.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
BUILD_TYPE ?= Release
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian bookworm packages the build, the tests and the benchmarks need.
DEB_PACKAGES := cmake g++ make pkg-config git libeigen3-dev libopenblas-openmp-dev \
  libfast-float-dev libcli11-dev nlohmann-json3-dev libfmt-dev zlib1g-dev libnanoflann-dev \
  libspectra-dev libgtest-dev libgmock-dev libbenchmark-dev python3 python3-numpy \
  python3-sklearn python3-faiss libsvm-dev libhnswlib-dev

.PHONY: deps build demo check bench docs format clean

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	bash tools/demo.sh $(BUILD_DIR)

check: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 1200

bench: build
	/usr/bin/python3 bench/compare.py --build-dir $(BUILD_DIR)

# The parameter reference is generated from the estimators' parameter tables.
docs: build
	$(BUILD_DIR)/metaul list --markdown > docs/estimators.md

format:
	clang-format -i $$(git ls-files '*.h' '*.cpp')

clean:
	rm -rf $(BUILD_DIR)
