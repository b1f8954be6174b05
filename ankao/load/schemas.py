"""JSON Schemas of every file kind -> compiled validators -> findings in Chinese.

The schemas in `schemas/` share `defs.schema.json`; here each is bundled (its
references made local) once and compiled into one Draft 2020-12 validator.
Errors become findings that name the field by its Chinese `title` and its
place (`教学工作目标 › 第2项 › 量化指标 › 目标值`), one best explanation for a
`oneOf`/`anyOf`, and a missing key located at its parent.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from ankao.findings import Finding, Severity
from ankao.load import kinds
from ankao.load.document import FINDINGS_PER_FILE, TOO_MANY, Document
from ankao.load.explain import Explainer, describe
from ankao.load.resources import resource_dir

KINDS = ("office", "teaching", "config", "review", "response", "approval", "grades")
"""Every file kind of a task-book repository (SPEC §1) that has a schema."""

DEFS = "defs.schema.json"


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


@cache
def _raw(name: str) -> dict[str, Any]:
    with (resource_dir("schemas") / name).open(encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


def bundled(kind: str) -> dict[str, Any]:
    """The schema of `kind` with the shared definitions copied in and references made local."""
    schema = copy.deepcopy(_raw(schema_file(kind)))
    defs = copy.deepcopy(_raw(DEFS)["$defs"])
    prefix = DEFS + "#"

    def localise(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix):
                node["$ref"] = "#" + ref[len(prefix) :]
            for value in node.values():
                localise(value)
        elif isinstance(node, list):
            for value in node:
                localise(value)

    localise(schema)
    schema["$defs"] = {**defs, **schema.get("$defs", {})}
    return schema


class SchemaSet:
    """One compiled validator per file kind, built on first use."""

    def __init__(
        self,
        *,
        grade_scale: Sequence[str] | None = None,
        finding_types: Sequence[str] | None = None,
    ) -> None:
        self.grade_scale = list(grade_scale) if grade_scale else None
        self.finding_types = list(finding_types) if finding_types else None
        self._validators: dict[str, Any] = {}
        self._fast: dict[str, Any] = {}
        self._schemas: dict[str, dict[str, Any]] = {}

    def schema(self, kind: str) -> dict[str, Any]:
        if kind not in self._schemas:
            schema = bundled(kind)
            if kind == "grades":
                props = schema["properties"]
                if self.grade_scale:
                    props["grades"]["additionalProperties"]["enum"] = self.grade_scale
                if self.finding_types:
                    item = props["findings"]["items"]["properties"]["type"]
                    item["enum"] = self.finding_types
                    item.pop("enumDescriptions", None)
            self._schemas[kind] = schema
        return self._schemas[kind]

    def validator(self, kind: str) -> Any:
        if kind not in self._validators:
            self._validators[kind] = _strict_integers()(self.schema(kind))
        return self._validators[kind]

    def fast_validator(self, kind: str) -> Any:
        """The compiled (jsonschema-rs) validator of a kind; None where it is not installed."""
        if kind not in self._fast:
            try:
                import jsonschema_rs
            except ImportError:  # pragma: no cover - a declared dependency; jsonschema still works
                self._fast[kind] = None
            else:
                self._fast[kind] = jsonschema_rs.Draft202012Validator(self.schema(kind))
        return self._fast[kind]

    def is_valid(self, data: Any, kind: str, *, integral_float: bool | None = None) -> bool:
        """Validity only, decided by the compiled validator where there is one.

        Most books are valid: deciding that in compiled code and running jsonschema
        (which explains failures in Chinese) only on the rest keeps `validate` fast.
        Only "valid" is trusted from it; anything else is explained by jsonschema,
        so the findings are those of jsonschema either way. `integral_float` is
        whether `data` holds a float such as 2026.0, where the loader knows it.
        """
        fast = self.fast_validator(kind)
        if integral_float is None:
            integral_float = _has_integral_float(data)
        if fast is None or integral_float:
            # jsonschema-rs, like JSON Schema, counts 2026.0 as an integer; ankao does not
            return False
        try:
            return bool(fast.is_valid(data))
        except Exception:  # noqa: BLE001 - anything it cannot judge, jsonschema judges
            return False

    def check(self, doc: Document, kind: str, *, fast: bool = True) -> list[Finding]:
        """Schema findings for a loaded document of a known file kind.

        `fast=False` skips the compiled validity check (tests compare both ways).
        """
        if doc.data is None:
            return [_empty(doc, kind)]
        schema_kind, kind_finding = _taskbook_kind(doc) if kind == "taskbook" else (kind, None)
        if (
            kind_finding is None
            and fast
            and self.is_valid(doc.data, schema_kind, integral_float=doc.integral_float)
        ):
            return _dedupe(list(_term_order(doc)))
        schema = self.schema(schema_kind)
        explainer = Explainer(doc, schema)
        errors = list(self.validator(schema_kind).iter_errors(doc.data))
        rest: list[Any] = []
        if len(errors) > FINDINGS_PER_FILE:
            # Explaining costs more than finding: past the cap, the first by line are
            # explained and the rest only counted.
            errors.sort(key=lambda e: doc.locate(list(e.absolute_path)))
            errors, rest = errors[:FINDINGS_PER_FILE], errors[FINDINGS_PER_FILE:]
        findings = [f for error in errors for f in explainer.explain(error)]
        if rest:
            findings.append(
                doc.finding(list(rest[0].absolute_path), TOO_MANY, f"还有 {len(rest)} 个问题未列出")
            )
        if kind_finding is not None:
            findings = [kind_finding, *(f for f in findings if not _is_kind_noise(f))]
        findings.extend(_term_order(doc))
        return _dedupe(findings)


def _has_integral_float(data: Any) -> bool:
    """True when a float with an integral value (2026.0) stands anywhere in the data."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            if item.is_integer():
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


@cache
def _strict_integers() -> Any:
    """Draft 2020-12 where `integer` means an integer as YAML wrote it: `2026.0` is a float.

    JSON Schema counts 2026.0 as an integer; in a YAML file it says the writer
    typed a decimal point, and a year, round or count must not carry one.
    """
    from jsonschema import Draft202012Validator, validators

    def is_integer(checker: Any, instance: Any) -> bool:
        return isinstance(instance, int) and not isinstance(instance, bool)

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer)
    return validators.extend(Draft202012Validator, type_checker=checker)  # type: ignore[no-untyped-call]


# --- file-level special cases ------------------------------------------------------

_KIND_LABELS = {
    **{kind: name + kinds.TASKBOOK_TITLE for kind, name in kinds.KINDS.items()},
    "config": "ankao 项目配置",
    "review": "审核意见",
    "response": "单位答复",
    "approval": "程序记录",
    "grades": "年度考核结果",
    "taskbook": "任务书",
}


def _empty(doc: Document, kind: str) -> Finding:
    what = _KIND_LABELS.get(kind, "")
    return Finding(
        doc.file, 1, 1, "", "schema", Severity.ERROR, f"文件是空的：{what}应写成“键: 值”的映射"
    )


def _taskbook_kind(doc: Document) -> tuple[str, Finding | None]:
    data = doc.data
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind in ("office", "teaching"):
        return kind, None
    guess = "office"
    if isinstance(data, dict):
        goals = data.get("goals")
        if "profile" in data or (isinstance(goals, dict) and "teaching" in goals):
            guess = "teaching"
    if not isinstance(data, dict):
        return guess, None
    where = ["kind"] if "kind" in data else []
    actual = f"实际是{describe(kind)}" if "kind" in data else "但没有写"
    message = (
        "类别（kind）应为 office（机关、教学辅助机构）或 teaching（教学单位），"
        f"{actual}；下面暂按{'教学单位' if guess == 'teaching' else '机关、教学辅助机构'}检查"
    )
    return guess, doc.finding(where, "schema", message)


def _is_kind_noise(f: Finding) -> bool:
    """The schema's own complaint about `kind` repeats the kind finding."""
    return f.path == "kind" or (f.path == "" and "（kind）" in f.message)


def _term_order(doc: Document) -> Iterator[Finding]:
    term = doc.data.get("term") if isinstance(doc.data, dict) else None
    if isinstance(term, dict):
        start, end = term.get("start"), term.get("end")
        if isinstance(start, int) and isinstance(end, int) and start > end:
            yield doc.finding(
                ["term", "end"], "schema", f"任期 › 结束年份：{end} 早于起始年份 {start}"
            )


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        if (f.path, f.message) in seen:
            continue
        seen.add((f.path, f.message))
        out.append(f)
    return out
