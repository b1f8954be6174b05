"""The words of a help screen in Chinese: the usage line, type labels, ranges, paragraphs.

Decided here once, for the command classes (`ankao.cli.chinese`) and the screen
they draw (`ankao.cli.helpscreen`); nothing here imports rich.
"""

from __future__ import annotations

import re

TYPE_NAMES: dict[str, str] = {
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "path": "路径",
    "bool": "是/否",
    "boolean": "是/否",
    "datetime": "日期",
    "int range": "整数",
    "float range": "数字",
}
"""Typer's type labels (`<str>`, `<int range>` …) as a clerk reads them."""

USAGE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s*Usage:\s*"), "用法："),
    (re.compile(r"\[OPTIONS\]"), "[选项]"),
    (re.compile(r"COMMAND \[ARGS\]\.\.\."), "命令 [参数]..."),
    (re.compile(r"\{([^{}\s]+)\}"), r"\1"),
]


def type_label(label: str) -> str:
    """`<str>` -> `<文本>`, `<list[int]>` -> `<整数>`; choices (`<a|b>`) stay as they are."""
    inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    m = re.fullmatch(r"list\[(.+)\]", inner)
    if m:
        inner = m.group(1)
    if "|" in inner:
        return f"<{inner}>"
    return f"<{TYPE_NAMES.get(inner, inner)}>"


def range_label(text: str | None) -> str | None:
    """Typer's `x>=1`, `x<=5`, `1<=x<=5` as `≥1`, `≤5`, `1～5`."""
    if not text:
        return text
    m = re.fullmatch(r"(\S+)<=x<=(\S+)", text)
    if m:
        return f"{m.group(1)}～{m.group(2)}"
    return text.replace("x>=", "≥").replace("x<=", "≤").replace("x>", ">").replace("x<", "<")


def usage_line(text: str) -> str:
    """`Usage: ankao check [OPTIONS] {unit}` -> `用法：ankao check [选项] unit`."""
    for pattern, replacement in USAGE_WORDS:
        text = pattern.sub(replacement, text)
    return text


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"  # as ankao.cli.cjk.CJK, without importing rich at start-up


def join_lines(paragraph: str) -> str:
    """One paragraph of a docstring as one line: no space where a line break falls between CJK."""
    lines = [ln.strip() for ln in paragraph.split("\n") if ln.strip()]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        cjk = re.search(f"[{_CJK}]$", out) and re.match(f"[{_CJK}]", line)
        out += ("" if cjk else " ") + line
    return out
