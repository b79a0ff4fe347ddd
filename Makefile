# Two commands do all the set-up on a fresh machine (Python 3.11 to 3.13 and make):
#   make book   creates .venv, installs everything and builds the site
#   make test   creates .venv if needed and runs every test (build and browser tests included)
# Editions (same sources): make teacher (= make html: solutions and teaching guide, _build/html),
# make student (no solutions, no guide, _build/student/_build/html), make pdf EDITION=student|teacher.
# A class JupyterHub launch button: add JUPYTERHUB_URL=https://hub.example.edu to any of them.
# Conda users: activate the environment from environment.yml, then use
#   make html BIN=$$CONDA_PREFIX/bin    (and make check BIN=$$CONDA_PREFIX/bin)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    ?= $(VENV)/bin
STAMP  := $(VENV)/.installed
HTML   := _build/html
# The execution cache knows the chapters, not the library: when the library or its
# data change, the whole build starts again so no page shows numbers from old code.
LIBRARY_FILES := $(shell find lib -type f \( -name '*.py' -o -name '*.csv' -o -name '*.toml' \))
LIBRARY_STAMP := _build/.library-stamp
PIP_FLAGS := --quiet --disable-pip-version-check
JUPYTERHUB_URL ?=
EDITION ?= teacher
EDITIONS_DIR := _build/editions
JB_BUILD = $(BIN)/jupyter-book build . --config $(EDITIONS_DIR)/$(1)/_config.yml --toc $(EDITIONS_DIR)/$(1)/_toc.yml -W -n --keep-going
PDF := _build/pdf/asset-allocation-$(EDITION).pdf
# Where each edition's build goes (Jupyter Book writes OUTPUT/_build/html).
OUTPUT_teacher := .
OUTPUT_student := _build/student

.PHONY: book html teacher student pdf notebooks test check pythons lab serve bench clean

# The book's builds ask every widget for precomputed frames (assetalloc.widgets.frames), so that
# it moves on the static pages (the printed book shows a strip of them). All three share one
# execution cache, whose outputs hold the frames, so all three ask; live Jupyter does not.
teacher student pdf: export ASSETALLOC_FRAMES := 1

book: $(STAMP) html

test: $(STAMP) check

# The site (teacher edition): every chapter executed (cached in _build/.jupyter_cache), warnings are errors.
html: teacher

teacher student: %: $(LIBRARY_STAMP)
	$(BIN)/python tools/edition.py $* --out $(EDITIONS_DIR)/$* --jupyterhub-url "$(JUPYTERHUB_URL)"
	$(call JB_BUILD,$*) --path-output $(OUTPUT_$*)
	$(BIN)/python tools/edition.py $* --finish $(OUTPUT_$*)/$(HTML)
	@echo "The $* edition is at $(abspath $(OUTPUT_$*)/$(HTML))/index.html (serve it with: make serve EDITION=$*)"

# One PDF of an edition: the book as a single HTML page, printed by headless Chromium.
pdf: $(STAMP) $(LIBRARY_STAMP)
	$(BIN)/python tools/edition.py $(EDITION) --out $(EDITIONS_DIR)/$(EDITION)
	$(call JB_BUILD,$(EDITION)) --builder singlehtml --path-output _build/print/$(EDITION)
	$(BIN)/python tools/print_pdf.py _build/print/$(EDITION)/_build/singlehtml $(PDF)

# The launch buttons' notebooks (book/*.ipynb), written from the chapters: run after editing one.
notebooks:
	$(BIN)/python tools/export_notebooks.py

# Every test: library, widgets, packaging, the build itself and the built site in Chromium.
check:
	$(BIN)/python -m pytest

# The launch notebooks as on Colab, on each of Python 3.11-3.13 found here: a new environment with
# only a kernel, the library installed by the notebooks' own set-up cell (tools/check_pythons.py).
pythons: $(STAMP)
	$(BIN)/python tools/check_pythons.py

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(VENV)/bin/python -m pip install $(PIP_FLAGS) -e ".[book,test,lab]"
	touch $@

$(LIBRARY_STAMP): $(LIBRARY_FILES)
	rm -rf _build
	mkdir -p _build && touch $@

# Run the chapters with live widgets; each chapter .md opens as a notebook (jupytext). As root
# (a classroom container) JupyterLab must be told that this is intended: --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	@echo "To open a chapter as a notebook: right-click its .md file, Open With > Notebook; then Run > Run All Cells."
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) book/

serve:
	$(BIN)/python -m http.server --directory $(OUTPUT_$(EDITION))/$(HTML) 8000

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf _build
