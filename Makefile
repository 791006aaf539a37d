# Two entry points for a new user: `make run` (build on the bundled corpus) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: run test lint venv clean

$(BIN)/policygraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,dask]'
	touch $@

venv: $(BIN)/policygraph

run: venv
	mkdir -p $(OUT)
	$(BIN)/policygraph extract corpus --format jsonl -o $(OUT)/records.jsonl
	$(BIN)/policygraph extract corpus --format table
	$(BIN)/policygraph build corpus --store $(OUT)/store
	$(BIN)/policygraph validate --store $(OUT)/store
	$(BIN)/policygraph export --store $(OUT)/store --format nt -o $(OUT)/graph.nt
	$(BIN)/policygraph export --store $(OUT)/store --format csv -o $(OUT)/edges.csv
	$(BIN)/policygraph render --store $(OUT)/store -o $(OUT)/overview.html
	$(BIN)/policygraph render --store $(OUT)/store --focus 深府〔2013〕119号 -o $(OUT)/lineage.html

test: venv
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT)
