"""JSON Schemas of every file kind -> compiled validators -> findings in Chinese.

The schemas in `schemas/` share `defs.schema.json`; here each is bundled (its
references made local) once and compiled into one Draft 2020-12 validator.
Errors become findings that name the field by its Chinese `title` and its
place (`教学工作目标 › 第2项 › 量化指标 › 目标值`), one best explanation for a
`oneOf`/`anyOf`, and a missing key located at its parent.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from ankao.findings import Finding, PathPart, Severity
from ankao.load.document import FINDINGS_PER_FILE, TOO_MANY, Document
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

    def is_valid(self, data: Any, kind: str) -> bool:
        """Validity only, decided by the compiled validator where there is one.

        Most books are valid: deciding that in compiled code and running jsonschema
        (which explains failures in Chinese) only on the rest keeps `validate` fast.
        Only "valid" is trusted from it; anything else is explained by jsonschema,
        so the findings are those of jsonschema either way.
        """
        fast = self.fast_validator(kind)
        if fast is None or _has_integral_float(data):
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
        if kind_finding is None and fast and self.is_valid(doc.data, schema_kind):
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
    "office": "机关、教学辅助机构中层领导班子任期目标任务书",
    "teaching": "教学单位中层领导班子任期目标任务书",
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


# --- error -> Chinese ---------------------------------------------------------------

TYPE_NAMES = {
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "boolean": "true 或 false",
    "object": "映射（“键: 值”）",
    "array": "列表（每项以“- ”开头）",
    "null": "空值",
}

_YEAR = re.compile(r"^(19|20|21)[0-9]{2}$")
_PERCENT = re.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s*[%％]\s*$")
_NUMBER_WITH_UNIT = re.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s*\S+$")
_CHINESE_NUMERAL = re.compile(r"^[零一二三四五六七八九十百千万亿两〇]+")


def describe(value: Any) -> str:
    """A value as a Chinese reader should see it in a message."""
    if value is None:
        return "空值（什么也没写）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        text = value if len(value) <= 24 else value[:24] + "…"
        return f"“{text}”" if text.strip() else "空文字"
    if isinstance(value, list):
        return f"列表（{len(value)} 项）"
    if isinstance(value, dict):
        return "映射（“键: 值”）"
    return type(value).__name__


def _number_hint(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    if _PERCENT.match(value):
        return "；百分数请只写数字（如 95），把“%”写在计量单位里"
    if _CHINESE_NUMERAL.match(value.strip()):
        return "；请用阿拉伯数字"
    if _NUMBER_WITH_UNIT.match(value):
        return "；请只写数字，单位写在计量单位里"
    if "：" in value:
        return "；如果本想写“键: 值”，请把全角冒号“：”改为半角“: ”"
    return ""


def _enum_text(schema: Mapping[str, Any]) -> str:
    values = schema.get("enum", [])
    labels = schema.get("enumDescriptions")
    if labels and len(labels) == len(values):
        return "、".join(f"{v}（{label}）" for v, label in zip(values, labels, strict=True))
    return "、".join(str(v) for v in values)


class Explainer:
    """Turns jsonschema errors of one document into located Chinese findings."""

    def __init__(self, doc: Document, schema: dict[str, Any]) -> None:
        self.doc = doc
        self.root = schema

    # where
    def resolve(self, schema: Any) -> Any:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 20:
            ref = schema["$ref"]
            target: Any = self.root
            for part in ref.lstrip("#/").split("/") if ref != "#" else []:
                target = target[part]
            merged = dict(target)
            for k, v in schema.items():
                if k == "$ref":
                    continue
                if k == "properties" and isinstance(merged.get(k), dict):
                    merged[k] = {
                        **merged[k],
                        **{p: {**merged[k].get(p, {}), **sub} for p, sub in v.items()},
                    }
                elif k == "required" and isinstance(merged.get(k), list):
                    merged[k] = [*merged[k], *v]
                else:
                    merged[k] = v
            schema = merged
            seen += 1
        return schema

    def _child(self, schema: Any, part: PathPart) -> tuple[Any, bool]:
        """(subschema, named) for one step; named = found under `properties`."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return {}, False
        if isinstance(part, int):
            items = schema.get("items")
            return (items if isinstance(items, dict) else {}), False
        props = schema.get("properties", {})
        if part in props:
            return props[part], True
        for branch_key in ("then", "else"):
            branch = self.resolve(schema.get(branch_key, {}))
            if isinstance(branch, dict) and part in branch.get("properties", {}):
                return branch["properties"][part], True
        for branches in ("allOf", "anyOf", "oneOf"):
            for branch in schema.get(branches, []):
                sub, named = self._child(branch, part)
                if sub:
                    return sub, named
        additional = schema.get("additionalProperties")
        return (additional if isinstance(additional, dict) else {}), False

    def title_of(self, schema: Any) -> str:
        seen = 0
        while isinstance(schema, dict) and seen < 20:
            if "title" in schema:
                return str(schema["title"])
            ref = schema.get("$ref")
            if not isinstance(ref, str):
                break
            schema = self.resolve({"$ref": ref})
            seen += 1
        return ""

    def titles(self, parts: Sequence[PathPart]) -> list[str]:
        out: list[str] = []
        schema: Any = self.root
        for part in parts:
            schema, named = self._child(schema, part)
            if isinstance(part, int):
                out.append(f"第{part + 1}项")
            elif named:
                out.append(self.title_of(schema) or part)
            elif _YEAR.match(part):
                out.append(f"{part}年")
            else:
                out.append(part)
        if len(parts) > 1 and parts[0] == "goals":
            out = out[1:]
        return out

    def where(self, parts: Sequence[PathPart]) -> str:
        return " › ".join(self.titles(parts)) or "整个文件"

    def subschema(self, parts: Sequence[PathPart]) -> Any:
        schema: Any = self.root
        for part in parts:
            schema, _ = self._child(schema, part)
        return self.resolve(schema)

    # what
    def explain(self, error: Any) -> list[Finding]:
        path = list(error.absolute_path)
        validator = error.validator
        if validator in ("oneOf", "anyOf"):
            return self._alternatives(error, path)
        if validator == "required":
            missing = _quoted_name(error.message)
            sub = self.subschema([*path, missing]) if missing else {}
            title = self.title_of(sub) if sub else ""
            name = f"“{title}”（{missing}）" if title else f"“{missing}”"
            where = self.where(path)
            return [self.doc.finding(path, "schema", f"{where}：缺少必填项{name}")]
        if validator in ("additionalProperties", "unevaluatedProperties"):
            keys = _extra_keys(error)
            out = [self._unknown_key(path, key, error) for key in keys[:FINDINGS_PER_FILE]]
            if len(keys) > FINDINGS_PER_FILE:
                # 40,000 unknown keys would each cost a did-you-mean: one line says the rest.
                more = len(keys) - FINDINGS_PER_FILE
                out.append(
                    self.doc.finding(
                        [*path, keys[FINDINGS_PER_FILE]],
                        TOO_MANY,
                        f"还有 {more} 个问题未列出（都是不认识的键）",
                        key=True,
                    )
                )
            return out
        if validator == "propertyNames" or "propertyNames" in error.relative_schema_path:
            key = error.instance
            where = self.where(path)
            problem = self._property_name_problem(error)
            return [
                self.doc.finding([*path, key], "schema", f"{where}：键“{key}”{problem}", key=True)
            ]
        return [self.doc.finding(path, "schema", f"{self.where(path)}：{self.problem(error)}")]

    def problem(self, error: Any) -> str:
        v, value, schema = error.validator, error.instance, error.schema
        if v == "type":
            wanted = error.validator_value
            wanted = wanted if isinstance(wanted, list) else [wanted]
            names = "或".join(str(TYPE_NAMES.get(w, w)) for w in wanted)
            hint = _number_hint(value) if {"number", "integer"} & set(wanted) else ""
            if (
                "integer" in wanted
                and isinstance(value, float)
                and value.is_integer()
                and abs(value) < 1e15
            ):
                hint = f"；请去掉小数点，写成 {int(value)}"
            if "object" in wanted and isinstance(value, str) and "：" in value:
                hint = "；看起来是把“键: 值”的半角冒号写成了全角“：”"
            return f"应为{names}，实际是{describe(value)}{hint}"
        if v == "enum":
            return f"{describe(value)}不是可选的值；可选：{_enum_text(schema)}"
        if v == "const":
            desc = schema.get("description", "")
            return (
                f"应为 {json.dumps(error.validator_value, ensure_ascii=False)}，实际是{describe(value)}"
                + (f"（{desc}）" if desc else "")
            )
        if v == "pattern":
            desc = schema.get("description")
            if error.validator_value == "\\S":
                return "不能为空"
            return f"{describe(value)}格式不对" + (
                f"：{desc}" if desc else f"（应符合 {error.validator_value}）"
            )
        if v == "minLength":
            return "不能为空"
        if v == "maxLength":
            return f"不能超过 {error.validator_value} 个字符"
        if v == "minItems":
            return (
                "不能为空，至少要有 1 项"
                if error.validator_value == 1
                else f"至少要有 {error.validator_value} 项"
            )
        if v == "maxItems":
            return f"最多 {error.validator_value} 项"
        if v == "minimum":
            return f"{describe(value)}太小，不能小于 {error.validator_value}"
        if v == "maximum":
            return f"{describe(value)}太大，不能大于 {error.validator_value}"
        if v == "exclusiveMinimum":
            return f"{describe(value)}太小，必须大于 {error.validator_value}"
        if v == "exclusiveMaximum":
            return f"{describe(value)}太大，必须小于 {error.validator_value}"
        if v == "uniqueItems":
            return "有重复的项"
        if v == "multipleOf":
            return f"应为 {error.validator_value} 的倍数"
        if v == "false":
            return "这里不能写内容"
        return f"不符合格式要求（{error.message}）"

    def _property_name_problem(self, error: Any) -> str:
        context = list(error.context or [])
        sub = context[0] if context else (error if error.validator != "propertyNames" else None)
        if sub is not None and sub.validator == "pattern":
            desc = sub.schema.get("description")
            return "格式不对" + (f"：{desc}" if desc else "")
        if sub is not None and sub.validator == "enum":
            return f"不是可选的值；可选：{_enum_text(sub.schema)}"
        return "不符合要求"

    def _unknown_key(self, path: list[PathPart], key: str, error: Any) -> Finding:
        schema = self.resolve(error.schema)
        known = list(schema.get("properties", {}))
        hint = ""
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            title = self.title_of(schema["properties"][close[0]])
            hint = f"，是不是“{close[0]}”" + (f"（{title}）" if title else "") + "？"
        elif "：" in key:
            hint = "；这里似乎把“键: 值”的半角冒号写成了全角“：”"
        elif known:
            hint = "；这里可以写：" + "、".join(known)
        where = self.where(path)
        return self.doc.finding(
            [*path, key], "schema", f"{where}：不认识的键“{key}”{hint}", key=True
        )

    def _alternatives(self, error: Any, path: list[PathPart]) -> list[Finding]:
        """One best explanation for a failed oneOf/anyOf."""
        context = list(error.context or [])
        if not context:
            return [
                self.doc.finding(
                    path, "schema", f"{self.where(path)}：同时符合多种写法，只能选择其中一种"
                )
            ]
        by_branch: dict[int, list[Any]] = {}
        for sub in context:
            by_branch.setdefault(sub.schema_path[0] if sub.schema_path else 0, []).append(sub)
        # A branch written for another type of value (a list where a text was given)
        # says nothing useful; explain the branches of the value's own type.
        fitting = {
            k: subs for k, subs in by_branch.items() if not _other_type(subs, path, error.instance)
        }
        if len(fitting) == 1:
            return [f for sub in next(iter(fitting.values())) for f in self.explain(sub)]
        shallow = [
            subs
            for subs in by_branch.values()
            if all(
                list(s.absolute_path) == path
                and s.validator in ("type", "enum", "const", "required")
                for s in subs
            )
        ]
        if len(shallow) == len(by_branch):
            wants = [_wanted(subs[0]) for subs in by_branch.values()]
            return [
                self.doc.finding(
                    path,
                    "schema",
                    f"{self.where(path)}：应为{'，或'.join(wants)}，实际是{describe(error.instance)}",
                )
            ]
        # The branch that got furthest: deepest errors, then fewest.
        best = max(
            by_branch.values(),
            key=lambda subs: (max(len(s.absolute_path) for s in subs), -len(subs)),
        )
        out: list[Finding] = []
        for sub in best:
            out.extend(self.explain(sub))
        return out


def _wanted(error: Any) -> str:
    """What one branch of a oneOf/anyOf asks, failed at the value itself: a type, a choice, a key."""
    if error.validator == "type":
        value = error.validator_value
        wanted = value if isinstance(value, list) else [value]
        return "或".join(str(TYPE_NAMES.get(w, w)) for w in wanted)
    if error.validator == "enum":
        return _enum_text(error.schema) + " 之一"
    if error.validator == "required":
        return f"含“{_quoted_name(error.message)}”的映射"
    return json.dumps(error.validator_value, ensure_ascii=False)


def _other_type(subs: list[Any], path: list[PathPart], instance: Any) -> bool:
    """True when a oneOf/anyOf branch failed only because it is for another type of value."""
    for sub in subs:
        if list(sub.absolute_path) != path:
            continue
        if sub.validator == "type":
            return True
        strings = isinstance(sub.validator_value, list) and all(
            isinstance(v, str) for v in sub.validator_value
        )
        if sub.validator == "enum" and strings and not isinstance(instance, str):
            return True
    return False


def _quoted_name(message: str) -> str:
    m = re.match(r"^'(.*)' is a required property", message)
    return m.group(1) if m else ""


def _extra_keys(error: Any) -> list[str]:
    schema = error.schema
    props = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [k for k in instance if k not in props and not any(p.search(k) for p in patterns)]
