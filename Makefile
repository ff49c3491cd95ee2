# One entry point for humans and CI: the commands the README shows.
# Everything installs itself: uv (bootstrapped with pip if missing), then the
# locked dependencies into .venv.
PYTHON ?= python3
UV = $(PYTHON) -m uv
OUT ?= out
SEED = examples/mss-consultancy-warning.txt

.PHONY: demo test install install-dev lint bench-carb bench-coref bench-claims bench-news bench-throughput clean

uv-bootstrap:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv

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
	$(UV) run pytest

lint: install-dev
	$(UV) run ruff check .
	$(UV) run ruff format --check extract graph

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

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
