# One entry point for humans and CI: the commands the README shows.
# Everything installs itself: uv (if missing, into a private venv .tools/), then
# the locked dependencies into .venv.
PYTHON ?= python3
OUT ?= out
SEED = examples/mss-consultancy-warning.txt
TOOLS = .tools

# uv: the one installed for $(PYTHON), else one on PATH, else ours in .tools/. That
# is a venv of its own because Debian's and Ubuntu's python3 are "externally managed"
# (PEP 668): `pip install uv` into them is refused, a venv is always allowed.
ifndef UV
UV := $(shell if $(PYTHON) -m uv --version >/dev/null 2>&1; then echo "$(PYTHON) -m uv"; \
	elif command -v uv >/dev/null 2>&1; then echo uv; else echo $(TOOLS)/bin/uv; fi)
endif

.PHONY: demo test test-on install install-dev lint uv-bootstrap print-uv bench-carb bench-coref bench-claims bench-news bench-throughput calibrate clean

uv-bootstrap:
	@$(UV) --version >/dev/null 2>&1 || { \
	  echo "make: no uv found; installing it into $(TOOLS)/ (a private venv)"; \
	  rm -rf $(TOOLS) && $(PYTHON) -m venv $(TOOLS) && \
	  $(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv; \
	} || { rm -rf $(TOOLS); \
	  echo "make: cannot install uv: $(PYTHON) -m venv failed (on Debian/Ubuntu: apt-get install python3-venv), or install uv yourself (pipx install uv)" >&2; \
	  exit 1; }

print-uv: uv-bootstrap
	@echo $(UV)

install: uv-bootstrap
	$(UV) sync --frozen --no-dev

install-dev: uv-bootstrap
	$(UV) sync --frozen

## demo: install, build the graph of examples/, draw it, answer a SPARQL question
demo: install
	@mkdir -p $(OUT)
	$(UV) run --no-dev kg build examples -o $(OUT)/seed.ttl
	$(UV) run --no-dev kg plot $(OUT)/seed.ttl -o $(OUT)/seed.png
	$(UV) run --no-dev kg plot $(OUT)/seed.ttl -o $(OUT)/seed.html
	@echo "Q: what did the consultancy do? (examples/queries/consultancy.rq)"
	$(UV) run --no-dev kg query $(OUT)/seed.ttl -f examples/queries/consultancy.rq

## test: install everything the tests need and run the suite
test: install-dev
	$(UV) run ruff check .
	$(UV) run ruff format --check extract graph
	$(UV) run mypy
	$(UV) run pytest

## test-on: the suite (less the slow tests) on another Python, e.g. make test-on PY=python3.13
test-on: uv-bootstrap
	UV_PROJECT_ENVIRONMENT=.venv-test-on $(UV) sync --frozen --python $(PY)
	UV_PROJECT_ENVIRONMENT=.venv-test-on $(UV) run --python $(PY) python --version
	UV_PROJECT_ENVIRONMENT=.venv-test-on $(UV) run --python $(PY) pytest -q -m "not slow"

lint: install-dev
	$(UV) run ruff check .
	$(UV) run ruff format --check extract graph
	$(UV) run mypy

## benchmarks (read ../shared; not run by CI)
bench-carb: install-dev
	$(UV) run python benchmarks/carb.py --run

bench-coref: install-dev
	$(UV) run python benchmarks/coref.py

bench-claims: install-dev
	$(UV) run python benchmarks/claims.py

## bench-news: the graph of 24 real BBC articles against their blind gold (MISSED=1 lists the errors)
bench-news: install-dev
	$(UV) run python benchmarks/news.py $(if $(MISSED),--missed)

## calibrate: refit the confidence model on the news gold + CaRB dev, print the reliability and threshold tables, write extract/confidence_model.json
calibrate: install-dev
	$(UV) run python benchmarks/calibrate.py --write

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache .mypy_cache .venv-test-on
