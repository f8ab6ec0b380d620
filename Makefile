# Two commands a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= ../shared/corpus/real

.PHONY: run test install eval bench samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/budgetpipe ingest samples/ --out output/

test: $(STAMP)
	$(BIN)/python -m pytest

TRUTH  := $(CORPUS)/TRUTH.json
SCORER := $(CORPUS)/../../tools/score_truth.py

# Per-document figures, then the hand-verified truth scores when the shared scorer is present.
eval: $(STAMP)
	$(BIN)/budgetpipe eval $(CORPUS) --out output/eval
	@if [ -f $(SCORER) ] && [ -f $(TRUTH) ]; then \
	  $(BIN)/python $(SCORER) --run output/eval/budget.duckdb --truth $(TRUTH) --errors \
	    --dev output/eval/budget.duckdb --dev-corpus $(CORPUS); fi

# Seconds per page against bare pdfplumber, peak memory of one worker, a profile; one process.
BENCH_ARGS ?= --limit 12
bench: $(STAMP)
	$(BIN)/python -m pipeline.bench $(CORPUS) $(BENCH_ARGS)

samples: $(STAMP)
	$(BIN)/pip install --quiet -e '.[samples]'
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf output/* $(VENV)
