"""Full-width punctuation typed with a Chinese input method (：, 　, －) where YAML needs its ASCII marks, found and confirmed against the node tree."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from ankao.findings import Finding, Severity
from ankao.load import yamltree

_ASCII_KEY_FW_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(：)")


_CJK_KEY_FW_COLON = re.compile(
    r"^[ \t]*(?:-[ \t]+)?([^\s:#'\"\-\[\]{}][^\s:#'\"]{0,30}?)[ \t]*(：)"
)


_COLON_IDEOGRAPHIC_SPACE = re.compile(r"^[^#'\"]*?(:\u3000)")


_INDENT_IDEOGRAPHIC_SPACE = re.compile(r"^[ \t]*(\u3000)")


_FULLWIDTH_DASH = re.compile(r"^[ \t]*(－)[ \t\u3000]")


@dataclass(slots=True)
class Candidate:
    finding: Finding
    always: bool
    """False for a Chinese key: kept only where the YAML shows it was meant as a key."""


def fullwidth_candidates(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "：" not in line and "\u3000" not in line and "－" not in line:
            continue
        if m := _INDENT_IDEOGRAPHIC_SPACE.match(line):
            out.append(
                _fw(
                    number,
                    m.start(1),
                    "行首的缩进里有全角空格（U+3000，中文输入法的空格）；YAML 只认半角空格，请改为半角空格",
                    True,
                )
            )
        if m := _FULLWIDTH_DASH.match(line):
            out.append(_fw(number, m.start(1), "列表项前的“－”是全角减号；请改为半角的“-”", True))
        if m := _ASCII_KEY_FW_COLON.match(line):
            out.append(
                _fw(
                    number,
                    m.start(2),
                    f"“{m.group(1)}”后面的“：”是全角冒号；YAML 只认半角冒号，请改为“{m.group(1)}: ”（半角冒号加一个空格）",
                    True,
                )
            )
        elif m := _CJK_KEY_FW_COLON.match(line):
            out.append(
                _fw(
                    number,
                    m.start(2),
                    f"“{m.group(1)}”后面的“：”是全角冒号；如果这里是“键: 值”，请改为半角冒号加一个空格“{m.group(1)}: ”",
                    False,
                )
            )
        if m := _COLON_IDEOGRAPHIC_SPACE.match(line):
            out.append(
                _fw(
                    number,
                    m.start(1) + 1,
                    "冒号后面是全角空格（U+3000）；YAML 要求冒号后跟半角空格，请改为半角空格",
                    True,
                )
            )
    return out


def _fw(line: int, index: int, message: str, always: bool) -> Candidate:
    return Candidate(
        Finding("", line, index + 1, "", "fullwidth-punctuation", Severity.ERROR, message), always
    )


def confirm_fullwidth(candidates: list[Candidate], root: Any) -> list[Finding]:
    """Drop candidates inside quoted or block scalars; keep Chinese keys only in folded plain text."""
    if root is None:
        return [c.finding for c in candidates if c.always]
    protected: list[tuple[int, int, int, int]] = []
    multiline_plain: list[tuple[int, int]] = []

    def visit(node: Any) -> None:
        start, end = node.start_mark, node.end_mark
        if not yamltree.is_plain(node):
            protected.append((start.line + 1, start.column + 1, end.line + 1, end.column + 1))
        elif end.line > start.line:
            multiline_plain.append((start.line + 1, end.line + 1))

    yamltree.walk_scalars(root, visit)

    # Scalars never overlap: the span that could hold a position is the last one
    # starting at or before it (a binary search, not a scan per candidate).
    protected.sort()
    starts = [(sl, sc) for sl, sc, _, _ in protected]
    plain_lines: set[int] = set()
    for a, b in multiline_plain:
        plain_lines.update(range(a, b + 1))

    def inside(f: Finding) -> bool:
        index = bisect.bisect_right(starts, (f.line, f.column)) - 1
        if index < 0:
            return False
        _, _, el, ec = protected[index]
        return (f.line, f.column) < (el, ec)

    kept = []
    for c in candidates:
        if inside(c.finding):
            continue
        if c.always or c.finding.line in plain_lines:
            kept.append(c.finding)
    return kept
