# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: run test lint venv pdfs bench bench-batch accuracy model clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

## run: extract the outcomes dataset from the shipped corpus: text into out/, PDFs into out/pdf/,
## and the evidence store out/evidence.sqlite (trials linked across the reviews, conflicts listed)
# (two runs: a review and its PDF rendering share a doc_id, so one run would refuse the second)
run: $(STAMP)
	$(BIN)/allextract extract 'corpus/*.txt' -o $(OUT)
	$(BIN)/allextract extract 'corpus/pdf/*.pdf' -o $(OUT)/pdf
	$(BIN)/allextract corpus add 'corpus/*.txt' --db $(OUT)/evidence.sqlite --quiet
	$(BIN)/allextract corpus conflicts --db $(OUT)/evidence.sqlite --format csv

## test: lint, type-check, validate the gold annotations, run the test suite
test: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/allextract annotations validate
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy

## pdfs: re-render corpus/pdf/*.pdf from corpus/*.txt (deterministic)
pdfs: $(STAMP)
	$(BIN)/python scripts/render_corpus_pdfs.py

## bench: speed end to end by stage, parsing and tagging, written to benchmarks/RESULTS.md
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --write benchmarks/RESULTS.md
	$(BIN)/python benchmarks/parse_speed.py --write benchmarks/RESULTS.md
	$(BIN)/python benchmarks/tagging_speed.py --write benchmarks/RESULTS.md

## bench-batch: 200 PDFs with 1 and 2 workers: throughput, scaling, memory per worker (~15 min)
bench-batch: $(STAMP)
	$(BIN)/python benchmarks/batch_speed.py --write benchmarks/RESULTS.md

## accuracy: tagging, record and trial-linking accuracy (incl. leave-one-document-out), to benchmarks/ACCURACY.md
accuracy: $(STAMP)
	$(BIN)/python benchmarks/tagging_accuracy.py --write benchmarks/ACCURACY.md
	$(BIN)/python benchmarks/extraction_accuracy.py --write benchmarks/ACCURACY.md
	$(BIN)/python benchmarks/linking_accuracy.py --write benchmarks/ACCURACY.md

## model: train the shipped entity tagger on all span gold (models/ner/, ~1 minute)
model: $(STAMP)
	$(BIN)/allextract train

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
