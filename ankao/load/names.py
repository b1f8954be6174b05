"""Names of units and departments, and user text on a terminal: characters that deceive.

A zero-width space in `文学院​` makes a second unit that looks exactly like
文学院; a right-to-left override (U+202E) makes a name read backwards in a
file name or a table. Such characters in a name are the finding
`invisible-character` (an error): they are never what the person meant.

Text people wrote is printed as text: `clean_terminal` removes what a terminal
would obey instead of show (ESC, CSI and the other C0/C1 controls, bidi controls).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

INVISIBLE_CODE = "invisible-character"

_NAMES = {
    0x00AD: "软连字符",
    0x034F: "组合用字形连接符",
    0x061C: "阿拉伯字母标记",
    0x115F: "谚文填充符",
    0x1160: "谚文填充符",
    0x17B4: "高棉文不发音元音",
    0x17B5: "高棉文不发音元音",
    0x180E: "蒙古文元音分隔符",
    0x200B: "零宽空格",
    0x200C: "零宽不连字",
    0x200D: "零宽连字",
    0x200E: "从左到右标记",
    0x200F: "从右到左标记",
    0x202A: "从左到右嵌入",
    0x202B: "从右到左嵌入",
    0x202C: "方向格式结束",
    0x202D: "从左到右强制",
    0x202E: "从右到左强制",
    0x2060: "零宽不换行",
    0x2061: "不可见函数符",
    0x2062: "不可见乘号",
    0x2063: "不可见分隔符",
    0x2064: "不可见加号",
    0x2066: "从左到右隔离",
    0x2067: "从右到左隔离",
    0x2068: "方向隔离",
    0x2069: "方向隔离结束",
    0x3164: "谚文填充符",
    0xFEFF: "零宽不换行空格（BOM）",
    0xFFA0: "半角谚文填充符",
}
INVISIBLE = frozenset(chr(c) for c in _NAMES)
"""Bidi controls and zero-width characters: nothing a unit's or department's name holds."""

_INVISIBLE_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(INVISIBLE)) + "]")
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# What a terminal obeys rather than shows: CSI/OSC sequences whole, then any other C0/C1 control
# (tab and newline kept) and the bidi controls that reorder the rest of the line.
_TERMINAL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI … final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC … BEL / ST (hyperlinks, window titles)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    rf"|[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]"
)


def clean_terminal(text: str) -> str:
    """`text` with what a terminal would obey instead of print removed (ESC sequences, C0/C1, bidi)."""
    if text.isprintable():  # all of them are control or format characters: nothing to remove
        return text
    return _TERMINAL.sub("", text)


def strip_invisible(text: str) -> str:
    """`text` without bidi controls and zero-width characters."""
    return _INVISIBLE_RE.sub("", text)


def describe(char: str) -> str:
    """`U+200B（零宽空格）`."""
    name = _NAMES.get(ord(char)) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}（{name}）" if name else f"U+{ord(char):04X}"


def invisible_problem(name: str, what: str = "单位名称") -> str | None:
    """The Chinese message for a name holding invisible characters, or None when it holds none."""
    found = sorted(set(_INVISIBLE_RE.findall(name)))
    if not found:
        return None
    shown = strip_invisible(name)
    chars = "、".join(describe(c) for c in found)
    return (
        f"{what}“{clean_terminal(shown)}”中有看不见的字符 {chars}：它看起来和“{clean_terminal(shown)}”一样，"
        "却会被当作另一个名称；请删除这些字符"
    )
