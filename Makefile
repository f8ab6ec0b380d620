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

eval: $(STAMP)
	$(BIN)/budgetpipe eval $(CORPUS) --out output/eval

bench: $(STAMP)
	$(BIN)/python -m pipeline.bench $(CORPUS)

samples: $(STAMP)
	$(BIN)/pip install --quiet -e '.[samples]'
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf output/* $(VENV)
