"""Minimal YAML edits: change values in a file and leave every other byte as it was.

ruamel.yaml loads the file round-trip (comments, key order, quoting, flow or block
style and the text of numbers kept with each node), the change is made on that
tree, and the tree is dumped twice: untouched (A) and changed (B). ruamel's
dump is close to the file but not always equal to it (an indentation it
normalises, an escape it spells otherwise), so B is never written as it is:
the lines that differ between A and B are applied to the file's own text at the
places where A and the file agree (a three-way merge with A as the base). So
an untouched value can never change, and one changed value changes one line.
Where the change falls on a line ruamel would have spelled differently, the
change cannot be placed exactly and `EditError` says so (nothing is written).
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable, Iterable
from typing import Any

from ankao.errors import AnkaoError

TOP_ORDER = ("schema_version", "kind", "unit", "term", "profile", "members", "goals")
TARGET_ORDER = ("id", "aspect", "content", "metric", "criteria", "owner", "previous", "actuals")
METRIC_ORDER = ("name", "unit", "baseline", "target", "direction", "milestones")


class EditError(AnkaoError):
    """The change cannot be made without rewriting lines it does not concern."""


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000  # never fold a long line
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _dump(y: Any, doc: Any) -> str:
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()


def load(text: str) -> tuple[Any, Any, str]:
    """The round-trip tree of `text`, the YAML object that dumps it in the file's indentation,
    and that dump of the untouched tree (the base of `three_way`)."""
    from ruamel.yaml.error import YAMLError

    best: tuple[int, Any, Any, str] | None = None
    lines = text.splitlines(keepends=True)
    for indents in ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4)):
        y = _yaml(*indents)
        try:
            doc = y.load(text)
        except YAMLError as exc:
            raise EditError(f"无法按原格式读取这个文件（{type(exc).__name__}），没有修改") from exc
        dumped = _dump(y, doc)
        if dumped == text:
            return y, doc, dumped
        # the indentation that keeps the most lines as they are
        matcher = difflib.SequenceMatcher(
            None, lines, dumped.splitlines(keepends=True), autojunk=False
        )
        same = sum(block.size for block in matcher.get_matching_blocks())
        if best is None or same > best[0]:
            best = (same, y, doc, dumped)
    assert best is not None
    return best[1], best[2], best[3]


def edit(text: str, change: Callable[[Any], None]) -> str:
    """`text` with `change` applied to its round-trip tree, every other line kept byte for byte."""
    y, doc, before = load(text)
    change(doc)
    after = _dump(y, doc)
    if after == before:
        return text
    patched = three_way(text, before, after)
    if patched is None:
        raise EditError(
            "改动落在 ankao 无法逐字保留原格式的行上（如特殊的缩进或转义写法），没有修改；"
            "请先用编辑器把这一处改成常见写法，或手工录入"
        )
    return patched


def three_way(original: str, base: str, changed: str) -> str | None:
    """The lines that differ from `base` to `changed`, applied to `original`; None where they cannot be placed."""
    o = original.splitlines(keepends=True)
    a = base.splitlines(keepends=True)
    b = changed.splitlines(keepends=True)
    if o == a:
        return changed
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, a, o, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k] = j1 + k
    out: list[str] = []
    done = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            where = [mapping.get(i) for i in range(i1, i2)]
            first = where[0]
            if first is not None and where == list(range(first, first + len(where))):
                start, end = first, first + len(where)
            else:
                # lines ruamel spells otherwise: placed when they lie between two lines that
                # agree, as many in the file as in the dump
                before = mapping.get(i1 - 1, -1 if i1 == 0 else None)
                after = mapping.get(i2, len(o) if i2 == len(a) else None)
                if before is None or after is None or after - before - 1 != i2 - i1:
                    return None
                start, end = before + 1, after
        elif i1 in mapping:
            start = end = mapping[i1]
        elif i1 > 0 and i1 - 1 in mapping:
            start = end = mapping[i1 - 1] + 1
        elif i1 == 0:
            start = end = 0
        else:
            return None
        if start < done:
            return None
        out.extend(o[done:start])
        out.extend(b[j1:j2])
        done = end
    out.extend(o[done:])
    return "".join(out)


# --- helpers on the round-trip tree ---------------------------------------------------------


def year_key(mapping: Any, year: int | str) -> Any:
    """The key of `year` as the mapping writes it (2025 or '2025'); the integer when absent."""
    for key in (int(year), str(year)):
        if key in mapping:
            return key
    return int(year)


def put(mapping: Any, key: Any, value: Any, order: Iterable[str] = ()) -> None:
    """Set `key` (a new key goes where `order` puts it among the keys present, else last)."""
    if key in mapping:
        if mapping[key] != value or type(mapping[key]) is not type(value):
            mapping[key] = value
        return
    order = list(order)
    position = len(mapping)
    if key in order:
        rank = order.index(key)
        keys = list(mapping.keys())
        position = 0
        for i, existing in enumerate(keys):
            if (
                existing in order
                and order.index(existing) < rank
                or existing not in order
                and i < position
            ):
                position = i + 1
    mapping.insert(position, key, value)


def drop(mapping: Any, key: Any) -> None:
    if key in mapping:
        del mapping[key]


def scalar(value: Any) -> Any:
    """A value as ruamel should write it: multi-line text as a `|` block."""
    if isinstance(value, str) and "\n" in value:
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(value)
    return value


def flow_map(items: dict[Any, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    cm = CommentedMap(items)
    cm.fa.set_flow_style()
    return cm


def block_map(items: dict[Any, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    cm = CommentedMap()
    for k, v in items.items():
        cm[k] = v
    cm.fa.set_block_style()
    return cm


def flow_seq(items: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    cs = CommentedSeq(items)
    cs.fa.set_flow_style()
    return cs


def block_seq(value: Any) -> Any:
    """`value` as a block sequence (a new one for None or an empty flow `[]`)."""
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(value, CommentedSeq):
        if not value:
            value.fa.set_block_style()
        return value
    seq = CommentedSeq(list(value or []))
    seq.fa.set_block_style()
    return seq
