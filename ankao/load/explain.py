"""A schema error said in Chinese: what was expected at the place, what was written, how to fix it (jsonschema's errors explained)."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ankao.findings import Finding, PathPart
from ankao.load.document import FINDINGS_PER_FILE, TOO_MANY, Document

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
