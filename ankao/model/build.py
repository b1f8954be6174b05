"""A schema-valid task book document -> the typed `TaskBook` (built once), and lookups by unit.

`build` is the one place that reads a task book's raw mapping: every other
module reads the `TaskBook` it returns. It runs where the node tree still
exists (a worker of the repository pass), so each target keeps its source
lines and each number the text it was written with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from ankao.errors import AnkaoError
from ankao.findings import PathPart
from ankao.model.book import (
    Actual,
    Fingerprint,
    Member,
    Metric,
    Number,
    Section,
    Target,
    TaskBook,
    Term,
)
from ankao.model.direction import Direction
from ankao.model.located import NodePositions, anchor
from ankao.model.sections import SECTIONS

# A book built here may cross to the parent process: it pickles as one record (`wire`).
from ankao.model.wire import register  # noqa: E402  (after the model it flattens)
from ankao.slots import positional

register()

_TARGET_FIELDS = ("id", "aspect", "content", "metric", "criteria", "owner", "actuals", "previous")
_FIELD_SET = frozenset(_TARGET_FIELDS)


def fingerprint(data: Mapping[str, Any]) -> str:
    """`sha256:<hex>` over the canonical JSON of a book without `actuals` (SPEC §7).

    Keys sorted, UTF-8, no spaces: formatting, key order and YAML comments change
    nothing; a changed value or a reordered list of targets does.
    """
    import hashlib  # here: `ankao check` never asks, and the module costs 3 ms to load

    canonical = json.dumps(
        _without_actuals(data),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _without_actuals(data: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(data)
    goals = out.get("goals")
    if isinstance(goals, dict):
        clean: dict[str, Any] = {}
        for key, value in goals.items():
            if isinstance(value, list):
                value = [
                    {k: v for k, v in t.items() if k != "actuals"} if isinstance(t, dict) else t
                    for t in value
                ]
            clean[key] = value
        out["goals"] = clean
    return out


def build(
    data: Mapping[str, Any], root_node: Any, file: str, source: str, text: str = ""
) -> TaskBook:
    """The `TaskBook` of a schema-valid document (its data, node tree and source text)."""
    book = _Builder(data, NodePositions(root_node)).book(file, source)
    # most books write each text on one line: one search of the text rules the walk out
    joined = cjk_joins(root_node, text) if text and _cjk()[1].search(text) else ()
    return replace(book, joined=joined) if joined else book


_CJK_CLASS = (
    "[\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]"
)


@cache
def _cjk() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A CJK character, and a line break between two (compiled when first needed: 5 ms)."""
    return re.compile(_CJK_CLASS), re.compile(f"{_CJK_CLASS}[ \t]*\n[ \t]*{_CJK_CLASS}")


def cjk_joins(root: Any, text: str) -> tuple[tuple[tuple[PathPart, ...], str], ...]:
    """Paths of `>` blocks and multi-line plain texts whose lines meet between two CJK characters.

    YAML joins such lines with a space ("指导， 落实"): the data stays as YAML reads
    it, and the rule `cjk-line-join` says where to write one line or use `|`.
    """
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    lines = text.split("\n")
    cjk = _cjk()[0]
    found: list[tuple[tuple[PathPart, ...], str]] = []
    stack: list[tuple[Any, tuple[PathPart, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend((v, (*path, k.value)) for k, v in node.value if isinstance(k, ScalarNode))
        elif isinstance(node, SequenceNode):
            stack.extend((v, (*path, i)) for i, v in enumerate(node.value))
        elif isinstance(node, ScalarNode) and node.style in (None, "", ">"):
            first, last = node.start_mark.line, node.end_mark.line
            if node.style == ">":
                first += 1  # the header line `key: >`
                if node.end_mark.column == 0:
                    last -= 1  # a block ends where the next line begins
            body = [line.strip() for line in lines[first : last + 1] if line.strip()]
            join = next(
                (
                    (a, b)
                    for a, b in zip(body, body[1:], strict=False)
                    if cjk.match(a[-1]) and cjk.match(b[0])
                ),
                None,
            )
            if join is not None:
                found.append((path, f"{join[0][-6:]} {join[1][:6]}"))
    return tuple(sorted(found, key=str))


def from_document(doc: Any, source: str | None = None) -> TaskBook:
    """The `TaskBook` of a loaded, schema-valid `ankao.load.document.Document`."""
    # where the loader saw no text spanning lines, no lines were joined: no search for them
    text = doc.text if doc.folded else ""
    return build(doc.data, doc.node, doc.file, source if source is not None else doc.file, text)


class _Builder:
    """Reads the data and the node tree side by side: each mapping's keys are indexed once
    (shared with the book's positions, which locate the rules' findings later).

    It runs for every book of every `check`, so it is written for speed: models are
    built with positional arguments, and the nodes of each target are read once.
    """

    def __init__(self, data: Mapping[str, Any], positions: NodePositions) -> None:
        from yaml.nodes import MappingNode, SequenceNode

        self.data = data
        self.positions = positions
        self._mapping, self._sequence = MappingNode, SequenceNode

    def line(self, *parts: PathPart) -> int:
        return self.positions.line(parts)

    def entries(self, node: Any) -> dict[str, tuple[Any, Any]]:
        """The key and value nodes of a mapping node by key (empty for anything else)."""
        return self.positions._entries(node) if type(node) is self._mapping else {}

    def book(self, file: str, source: str) -> TaskBook:
        data = self.data
        kind = str(data["kind"])
        term = data["term"]
        goals = data.get("goals") or {}
        top = self.entries(self.positions.root)
        goal_nodes = self.entries(_child(top, "goals"))
        goals_line = self.line("goals")  # where a section not written is placed
        member_nodes = self._items(_child(top, "members"))
        members = tuple(
            Member(
                str(m["name"]),
                str(m.get("post", "")),
                str(m.get("duties", "")),
                m.get("principal"),
                (
                    member_nodes[i].start_mark.line + 1
                    if i < len(member_nodes)
                    else self.line("members", i)
                ),
            )
            for i, m in enumerate(data.get("members") or [])
            if isinstance(m, dict)
        )
        sections = tuple(
            Section(
                key,
                title,
                self.targets(key, goals.get(key) or [], _child(goal_nodes, key)),
                (anchor(*goal_nodes[key]).start_mark.line + 1 if key in goal_nodes else goals_line),
            )
            for key, title in SECTIONS[kind]
            if key != "overall"
        )
        profile = data.get("profile")
        return TaskBook(
            file,
            source,
            str(data["unit"]),
            kind,
            Term(int(term["start"]), int(term["end"])),
            profile if isinstance(profile, str) else None,
            members,
            str(goals.get("overall") or ""),
            sections,
            Fingerprint(lambda: fingerprint(data)),
            self.line("unit"),
            self.positions,
            (),
            {k: v[0].start_mark.line + 1 for k, v in top.items()},
        )

    def _items(self, node: Any) -> list[Any]:
        """The item nodes of a sequence node (none for anything else)."""
        return node.value if type(node) is self._sequence else []

    def targets(self, section: str, items: Iterable[Any], node: Any) -> tuple[Target, ...]:
        nodes = self._items(node)
        out = []
        for index, t in enumerate(items):
            if not isinstance(t, dict):
                continue
            item = nodes[index] if index < len(nodes) else None
            # a field's line is its key's, read straight from the target's own mapping
            found = self._fields(item)
            lines = {k: v[0].start_mark.line + 1 for k, v in found.items() if k in _FIELD_SET}
            raw = t.get("metric")
            metric = (
                self.metric(raw, _child(found, "metric"), lines) if isinstance(raw, dict) else None
            )
            aspect = t.get("aspect")
            aspects = (
                tuple(str(a) for a in aspect)
                if isinstance(aspect, list)
                else ((str(aspect),) if isinstance(aspect, str) and aspect else ())
            )
            criteria, owner, actuals = t.get("criteria"), t.get("owner"), t.get("actuals")
            previous = t.get("previous")
            out.append(
                _target(
                    str(t["id"]),
                    section,
                    index,
                    aspects,
                    str(t.get("content", "")),
                    metric,
                    criteria if isinstance(criteria, str) else None,
                    owner if isinstance(owner, str) else None,
                    self.actuals(actuals, _child(found, "actuals")) if actuals else {},
                    (
                        item.start_mark.line + 1
                        if item is not None
                        else self.line("goals", section, index)
                    ),
                    lines,
                    previous if isinstance(previous, str) else None,
                )
            )
        return tuple(out)

    def _fields(self, node: Any) -> dict[str, tuple[Any, Any]]:
        """A mapping node's entries (a target, its metric, milestones, actuals): read in one
        pass when its keys are plain (no merge), and not kept for locating later (a rule's
        finding walks to it again)."""
        if type(node) is not self._mapping:
            return {}
        found = {}
        for pair in node.value:  # (key node, value node), kept as it is
            name = pair[0].value
            if name == "<<" or type(name) is not str:
                return self.entries(node)
            found[name] = pair
        return found

    def metric(self, m: Mapping[str, Any], node: Any, lines: dict[str, int]) -> Metric:
        """The metric, from its mapping and its node; the lines of its baseline and target
        go into the target's `lines`."""
        found = self._fields(node)
        raw = m.get("milestones")
        name, unit = m.get("name"), m.get("unit")
        metric = _metric(
            name if isinstance(name, str) else None,
            unit if isinstance(unit, str) else None,
            _number(found, "baseline", m.get("baseline")),
            _number(found, "target", m.get("target")),
            Direction.of(m.get("direction")),
            self.milestones(raw, _child(found, "milestones"))
            if isinstance(raw, dict) and raw
            else {},
        )
        for key, field in (("baseline", "metric.baseline"), ("target", "metric.target")):
            if key in found:
                lines[field] = found[key][0].start_mark.line + 1
        return metric

    def milestones(self, raw: dict[str, Any], node: Any) -> dict[int, Number]:
        """年度进度 by year, in year order, each number with the text it was written with."""
        steps = self._fields(node)
        out: dict[int, Number] = {}
        for key, value in raw.items():
            n = _number(steps, key, value)
            if n is not None and str(key).isdigit():
                out[int(key)] = n
        return out if list(out) == sorted(out) else dict(sorted(out.items()))

    def actuals(self, raw: Any, node: Any) -> dict[int, Actual]:
        if not isinstance(raw, dict):
            return {}
        out = {}
        found = self._fields(node)
        for year, value in raw.items():
            if not str(year).isdigit():
                continue
            if isinstance(value, dict):
                status, note = value.get("status"), value.get("note")
                out[int(year)] = Actual(
                    int(year),
                    None,
                    status if isinstance(status, str) else None,
                    note if isinstance(note, str) else None,
                )
            else:
                out[int(year)] = Actual(int(year), _number(found, year, value))
        return dict(sorted(out.items()))


def _child(entries: dict[str, tuple[Any, Any]], key: str) -> Any:
    """The value node of `key` in a mapping's entries, or None."""
    hit = entries.get(key)
    return hit[1] if hit is not None else None


def _number(entries: dict[str, tuple[Any, Any]], key: str, value: Any) -> Number | None:
    """A number with the source text of its node in `entries` (None for anything else)."""
    if type(value) is not int and type(value) is not float:  # YAML's numbers; a bool is none
        return None
    hit = entries.get(key)
    if hit is not None:
        node = hit[1]
        text = node.value
        if not node.style and type(text) is str and text:
            return _new_number(value, text)
    return _new_number(value, str(value))


# the builder makes some 250 of these per book: positional constructors set their slots directly
_new_number = positional(Number)
_metric = positional(Metric)
_target = positional(Target)


def near_miss(unit: str, known: Iterable[str]) -> str:
    """`；是不是“文学院”？` for a unit name close to one of `known` (empty when none is).

    Brackets and spaces are compared loosely: `(思政部)` meets `（思政部）`.
    """
    import difflib
    import unicodedata

    def loose(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())

    names = sorted(set(known) - {unit})
    same = [n for n in names if loose(n) == loose(unit)]
    close = same or difflib.get_close_matches(unit, names, n=1, cutoff=0.6)
    if not close:
        loosened = {loose(n): n for n in names}
        close = [
            loosened[m]
            for m in difflib.get_close_matches(loose(unit), list(loosened), n=1, cutoff=0.6)
        ]
    return f"；是不是“{close[0]}”？" if close else ""


def find_book(books: Iterable[TaskBook], unit: str, known: Iterable[str] = ()) -> TaskBook:
    """The book whose `unit` is `unit` (file names need not match); AnkaoError if none or two.

    `known` (ankao.yaml's units) joins the books' units in the "是不是…？" of a near miss.
    """
    books = list(books)
    mine = [b for b in books if b.unit == unit]
    if len(mine) > 1:
        files = "、".join(b.file for b in mine)
        raise AnkaoError(
            f"单位“{unit}”有 {len(mine)} 本任务书（{files}），无法确定用哪一本；"
            "请删除多余的一本（ankao check 会指出 duplicate-unit）"
        )
    if mine:
        return mine[0]
    hint = near_miss(unit, [*(b.unit for b in books), *known])
    listed = "、".join(b.unit for b in books[:20]) or "（没有）"
    if len(books) > 20:
        listed += f" 等 {len(books)} 个"
    raise AnkaoError(f"没有找到单位“{unit}”的任务书{hint}（taskbooks/ 中的单位：{listed}）")
