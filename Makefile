# Two commands a fresh machine (Python 3.11 + make) needs:  make run   |   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: run room test lint format bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m model warmup >/dev/null
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## run: install what is needed and start the app on http://localhost:8501
run: $(STAMP)
	$(BIN)/python serve.py

## test: install what is needed, lint, and run the whole test suite (browser tests need /usr/bin/chromium)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_ui.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts

## room: like run, but open to the room's network (phones scan the QR code under "Bagikan ke peserta")
room: $(STAMP)
	$(BIN)/python serve.py --room
