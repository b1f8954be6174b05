"""The case corpus: every folder of tests/cases/{valid,invalid}/ is one test.

A case holds its input files in the folders of SPEC §1 (so the folder gives
their kind) and an `expect.yaml`:

    args: [taskbooks]          # optional; default: every input file by name
    exit: 1                    # the exit status of `ankao validate`
    max_seconds: 1.0           # optional: the whole run must be this fast
    partial: false             # true: findings not listed are allowed
    findings:                  # each must match one diagnostic (message: substring)
      - {file: taskbooks/x.yaml, code: yaml-syntax, line: 3, column: 5, severity: error, message: 引号}
    data:                      # optional: values the loader must produce
      - {file: taskbooks/x.yaml, path: [unit], value: "yes"}

Without `partial`, every diagnostic must be expected: a case fails on a
finding nobody asked for as much as on a missing one.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ankao.cli import app
from ankao.load.document import load_file

CASES = Path(__file__).parent / "cases"
EXPECT = "expect.yaml"


def _cases() -> list[Any]:
    out = []
    for group in ("valid", "invalid"):
        for folder in sorted((CASES / group).iterdir()):
            if (folder / EXPECT).is_file():
                out.append(pytest.param(folder, id=f"{group}/{folder.name}"))
    return out


def _inputs(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != EXPECT
    )


def _matches(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    for key, want in expected.items():
        if key == "message":
            if want not in actual["message"]:
                return False
        elif actual.get(key) != want:
            return False
    return True


def test_corpus_covers_every_loading_code() -> None:
    codes = set()
    for folder in (CASES / "invalid").iterdir():
        expect = yaml.safe_load((folder / EXPECT).read_text(encoding="utf-8"))
        codes.update(f["code"] for f in expect.get("findings", []))
    for folder in (CASES / "valid").iterdir():
        expect = yaml.safe_load((folder / EXPECT).read_text(encoding="utf-8"))
        codes.update(f["code"] for f in expect.get("findings", []))
    wanted = {
        "yaml-syntax",
        "duplicate-key",
        "fullwidth-punctuation",
        "encoding",
        "too-large",
        "alias-bomb",
        "control-character",
        "schema",
    }
    assert wanted <= codes, wanted - codes


@pytest.mark.parametrize("folder", _cases())
def test_case(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expect = yaml.safe_load((folder / EXPECT).read_text(encoding="utf-8"))
    work = tmp_path / "repo"
    shutil.copytree(folder, work, ignore=shutil.ignore_patterns(EXPECT))
    monkeypatch.chdir(work)
    args = expect["args"] if "args" in expect else _inputs(work)

    started = time.perf_counter()
    result = CliRunner().invoke(app, ["validate", *args, "--format", "json"])
    elapsed = time.perf_counter() - started

    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    out = json.loads(result.stdout)
    diagnostics = out["diagnostics"]
    shown = "\n".join(json.dumps(d, ensure_ascii=False) for d in diagnostics)
    assert result.exit_code == expect["exit"], shown

    unmatched = list(diagnostics)
    for want in expect.get("findings", []):
        hit = next((d for d in unmatched if _matches(want, d)), None)
        assert hit is not None, f"expected {want}\nactual:\n{shown}"
        unmatched.remove(hit)
    if not expect.get("partial"):
        assert not unmatched, "unexpected:\n" + "\n".join(
            json.dumps(d, ensure_ascii=False) for d in unmatched
        )

    for d in diagnostics:
        assert d["line"] >= 1 and d["column"] >= 1
        assert d["message"] and not d["message"].isascii(), d  # Chinese for the reader
    assert out["summary"]["errors"] == sum(d["severity"] == "error" for d in diagnostics)
    assert (out["summary"]["errors"] > 0) == (expect["exit"] == 1)

    for check in expect.get("data", []):
        doc = load_file(work / check["file"], check["file"])
        value: Any = doc.data
        for part in check["path"]:
            value = value[part]
        assert value == check["value"], (check, value)

    if "max_seconds" in expect:
        assert elapsed < expect["max_seconds"], elapsed


def _corpus_files() -> list[Any]:
    """Every input file of the corpus, the examples and the bench's own kinds of file."""
    root = Path(__file__).resolve().parents[1]
    files = [
        p
        for group in ("valid", "invalid")
        for p in sorted((CASES / group).rglob("*.yaml"))
        if p.name != EXPECT
    ]
    files += sorted((root / "examples").rglob("*.yaml"))
    return [pytest.param(p, id=p.relative_to(root).as_posix()) for p in files]


@pytest.mark.parametrize("path", _corpus_files())
def test_compiled_validity_gives_the_same_findings_as_jsonschema(path: Path) -> None:
    """The jsonschema-rs fast path only decides "valid": the findings are identical either way."""
    from ankao.load.schemas import SchemaSet
    from ankao.repository.layout import kind_of

    doc = load_file(path, path.name)
    if not doc.loaded:
        return
    kind = kind_of(path)
    if kind == "unknown":
        return
    schemas = SchemaSet()
    fast = schemas.check(doc, kind)
    slow = schemas.check(doc, kind, fast=False)
    assert fast == slow
    if schemas.fast_validator("office") is not None and not slow and kind != "taskbook":
        assert schemas.is_valid(doc.data, kind)
