# Two commands do all the set-up on a fresh machine (Python 3.11 and git):
#   make book   creates .venv, installs everything and builds the site
#   make test   creates .venv if needed and runs every test (build and browser tests included)
# Conda users: activate the environment from environment.yml, then use
#   make html BIN=$$CONDA_PREFIX/bin    (and make check BIN=$$CONDA_PREFIX/bin)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    ?= $(VENV)/bin
STAMP  := $(VENV)/.installed
HTML   := _build/html
MATHJAX := .vendor/mathjax/tex-chtml.js
# The execution cache knows the chapters, not the library: when the library or its
# data change, the whole build starts again so no page shows numbers from old code.
LIBRARY_FILES := $(shell find lib -type f \( -name '*.py' -o -name '*.csv' -o -name '*.toml' \))
LIBRARY_STAMP := _build/.library-stamp
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: book html test check lab serve bench clean

book: $(STAMP) html

test: $(STAMP) check

# The site: every chapter executed (cached in _build/.jupyter_cache), warnings are errors.
html: $(MATHJAX) $(LIBRARY_STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is at $(CURDIR)/$(HTML)/index.html (serve it with: make serve)"

# Every test: library, widgets, packaging, the build itself and the built site in Chromium.
check: $(MATHJAX)
	$(BIN)/python -m pytest

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(VENV)/bin/python -m pip install $(PIP_FLAGS) -e ".[test]"
	touch $@

$(LIBRARY_STAMP): $(LIBRARY_FILES)
	rm -rf _build
	mkdir -p _build && touch $@

# MathJax is served by the site itself (no CDN): fetched with pip at build time, never committed.
$(MATHJAX): tools/vendor_mathjax.py
	$(PYTHON) tools/vendor_mathjax.py

# Run the chapters with live widgets; each chapter .md opens as a notebook (jupytext).
lab: $(STAMP)
	$(VENV)/bin/python -m pip install $(PIP_FLAGS) -e ".[lab]"
	$(VENV)/bin/jupyter lab book/

serve:
	$(BIN)/python -m http.server --directory $(HTML) 8000

bench: $(STAMP) $(MATHJAX)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf _build .vendor
