# Two commands a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= ../shared/corpus/real
BENCH_ARGS ?= --limit 12

.PHONY: run test install browser screenshot eval bench equivalence recall samples clean rules

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/budgetpipe ingest samples/ --out output/

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The report test opens report.html in headless Chromium (Debian's package) and checks its Chinese
# text is drawn with a CJK font (Debian's fonts-noto-cjk); the cross-document tests render small PDFs
# with WenQuanYi Zen Hei (fonts-wqy-zenhei). Installed here when missing and we are root; otherwise
# those tests skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	      echo "could not install chromium: the browser test will skip"; \
	  else echo "chromium missing and not root: the browser test will skip"; fi
	@fc-list :lang=zh family 2>/dev/null | grep -q "Noto Sans CJK SC" || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) || \
	      echo "could not install fonts-noto-cjk: the CJK font test will skip"; \
	  else echo "fonts-noto-cjk missing and not root: the CJK font test will skip"; fi
	@fc-list 2>/dev/null | grep -qi "wenquanyi zen hei" || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >/dev/null) || \
	      echo "could not install fonts-wqy-zenhei: the cross-document tests will skip"; \
	  else echo "fonts-wqy-zenhei missing and not root: the cross-document tests will skip"; fi

# docs/report.png: the samples' report as a reader sees it (README picture), filtered to the final
# account sample (its doc_id) with its 表5 grid opened, so a marked grid and a cascade are in view.
SHOT_HASH := doc=5d2a7a9f2965c88d870e5c82d311870c6fa610a06715d9e630fdfd8e31950177&table=5d2a7a9f2965-t05
screenshot: run browser
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --host-resolver-rules="MAP * ~NOTFOUND" \
	  --proxy-server=127.0.0.1:9 --window-size=1280,2400 --screenshot=docs/report.png \
	  "file://$(CURDIR)/output/report.html#$(SHOT_HASH)"

TRUTH  := $(CORPUS)/TRUTH.json
SCORER := $(CORPUS)/../../tools/score_truth.py

# Per-document figures, then the hand-verified truth scores when the shared scorer is present.
# The shared scorer crashes on a TRUTH amount whose `row` is null (re.sub on None); it is run from
# a temporary copy with that one expression guarded, and the copy's difference is printed.
eval: $(STAMP)
	$(BIN)/budgetpipe eval $(CORPUS) --out output/eval
	@if [ -f $(SCORER) ] && [ -f $(TRUTH) ]; then \
	  scorer=$$(mktemp --suffix=.py); \
	  sed 's/a\["row"\])/(a["row"] or ""))/' $(SCORER) > $$scorer; \
	  diff $(SCORER) $$scorer | sed 's/^/scorer patch: /'; \
	  $(BIN)/python $$scorer --run output/eval/budget.duckdb --truth $(TRUTH) --errors --show-false \
	    --dev output/eval/budget.duckdb --dev-corpus $(CORPUS) \
	    || echo "truth scorer: below its default targets (exit $$?); the figures above are the measure"; \
	  rm -f $$scorer; fi

# The README's rule and reason tables, regenerated from pipeline/check/catalogue.py and policy.py.
rules: $(STAMP)
	$(BIN)/python -c 'from pipeline.check.catalogue import main; main(["--write", "README.md"])'

bench: $(STAMP)
	$(BIN)/python -m pipeline.bench $(CORPUS) $(BENCH_ARGS)

# Both readers on every corpus file: records only one of them gives, pages whose extraction differs.
equivalence: $(STAMP)
	$(BIN)/python -m pipeline.equivalence $(CORPUS) $(EQUIVALENCE_ARGS)

# Seeded-slip benchmark: variants of real PDFs with one slip each, and how many the audit finds.
# Needs the [bench] extra (PyMuPDF) and a CJK font (Debian's fonts-wqy-zenhei) for word changes.
recall: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	@fc-list 2>/dev/null | grep -qi 'zenhei\|noto.*cjk' || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >/dev/null) || \
	      echo "could not install fonts-wqy-zenhei: word slips (增加↔减少) will be skipped"; fi
	$(BIN)/python -m pipeline.recall $(CORPUS) $(RECALL_ARGS)

samples: $(STAMP)
	$(BIN)/pip install --quiet -e '.[samples]'
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf output/* $(VENV)
