# ankao — developer commands. `make demo` and `make test` bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bytecode pages form-pages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# Compiled modules for the editable install: where PYTHONDONTWRITEBYTECODE is set (as in
# CI), every command would otherwise compile ankao's sources again each time it starts.
bytecode:
	$(BIN)/python -m compileall -q ankao

demo: $(STAMP)
	@echo "== ankao check examples（校验并检查示例任务书） =="
	$(BIN)/ankao check examples
	@echo
	@echo "== ankao render examples -o out/docx（生成 Word 文档） =="
	$(BIN)/ankao render examples -o out/docx
	@echo
	@echo "== ankao comments merge 文学院 --round 1（汇总审核意见） =="
	cd examples && ../$(BIN)/ankao comments merge 文学院 --round 1
	@echo
	@echo "== ankao consequences（2025 年度考核结果运用） =="
	cd examples && ../$(BIN)/ankao consequences
	@echo
	@echo "== ankao assess 文学院（任期目标完成情况，滞后的目标在前） =="
	cd examples && ../$(BIN)/ankao assess 文学院
	@echo
	@echo "== ankao assess：任期考核报告和各单位完成情况汇总表 =="
	mkdir -p out
	cd examples && ../$(BIN)/ankao assess 文学院 -o ../out/文学院-任期考核报告.docx --force
	cd examples && ../$(BIN)/ankao assess --all -o ../out/任期目标完成情况.xlsx --force
	@echo "== ankao status（各单位任期目标确定进度） =="
	cd examples && ../$(BIN)/ankao status
	@echo
	@echo "生成的 Word 文档在 out/docx/；用 make pages 可把它们转成 PNG 图片查看。"

test: $(STAMP)
	$(BIN)/python -m pytest -q

# ruff, mypy --strict, and the layers of ankao/ (import-linter contracts in pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check ankao tests bench tools
	$(BIN)/ruff format --check ankao tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP) bytecode
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/check_bench.py
	$(BIN)/python bench/render_bench.py
	$(BIN)/python bench/status_bench.py
	$(BIN)/python bench/forms_bench.py

# Every kind of document (tools/every_document.py: task books of both kinds, packet, 反馈表,
# 通报, report, summary .docx/.xlsx, 对照表, assessment workbook), every page as a PNG.
# Needs soffice and pdftoppm: apt-get install -y --no-install-recommends
# libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils
pages: $(STAMP)
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null || { echo "make pages 需要 LibreOffice 和 poppler：apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils"; exit 2; }
	rm -rf out/docx out/pdf out/png
	$(BIN)/python tools/every_document.py out/docx --date 2026-01-15 >/dev/null
	mkdir -p out/pdf out/png
	FONTCONFIG_FILE=$(CURDIR)/tools/fonts.conf soffice -env:UserInstallation=file://$(CURDIR)/out/.soffice --headless --convert-to pdf --outdir out/pdf out/docx/*.docx out/docx/*.xlsx >/dev/null
	for f in out/pdf/*.pdf; do pdftoppm -png -r 60 "$$f" "out/png/$$(basename "$$f" .pdf)"; done
	@ls out/png

# Screenshots of a filled form for docs/forms.md (needs soffice and pdftoppm).
form-pages: $(STAMP)
	bash tools/form_pages.sh

clean:
	rm -rf out build dist .pytest_cache .mypy_cache .ruff_cache

# Regenerate docs/ from schemas/ and examples/ (tests/test_docs.py fails when they disagree).
.PHONY: docs
docs: $(STAMP)
	$(BIN)/python tools/make_docs.py
