# ankao — developer commands. `make demo` and `make test` bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench pages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== ankao check examples =="
	-$(BIN)/ankao check examples
	@echo
	@echo "== ankao render examples -o out/docx =="
	$(BIN)/ankao render examples -o out/docx
	@echo
	@echo "== ankao consequences（examples/grades） =="
	cd examples && ../$(BIN)/ankao consequences

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check ankao tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/validate_bench.py

# Render the examples and turn every page into a PNG (needs soffice and pdftoppm).
pages: $(STAMP)
	rm -rf out/docx out/pdf out/png
	$(BIN)/ankao render examples -o out/docx
	mkdir -p out/pdf out/png
	FONTCONFIG_FILE=$(CURDIR)/tools/fonts.conf soffice -env:UserInstallation=file://$(CURDIR)/out/.soffice --headless --convert-to pdf --outdir out/pdf out/docx/*.docx >/dev/null
	for f in out/pdf/*.pdf; do pdftoppm -png -r 60 "$$f" "out/png/$$(basename "$$f" .pdf)"; done
	@ls out/png

clean:
	rm -rf out build dist .pytest_cache .mypy_cache .ruff_cache
