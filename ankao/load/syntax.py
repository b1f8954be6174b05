"""YAML that cannot be parsed, said in Chinese: the parser's problem in the clerk's words, an unclosed quote, a likely cause."""

from __future__ import annotations

import re
from typing import Any

from ankao.findings import Finding, Locatable, Severity
from ankao.load import yaml12, yamltree

_PROBLEMS: list[tuple[str, str]] = [
    (
        "found unexpected end of stream",
        "引号没有闭合：从这里开始的引号一直到文件末尾都没有找到配对的结束引号",
    ),
    (
        "found character '\\t' that cannot start any token",
        "这里有制表符（Tab）；YAML 不允许用 Tab 缩进，请改用空格",
    ),
    (
        "found character that cannot start any token",
        "这里的字符不能作为 YAML 内容的开头（常见原因：用 Tab 缩进，或以 @、` 等符号开头而没有加引号）",
    ),
    (
        "mapping values are not allowed",
        "这里不能出现“键: 值”：可能是缩进不对，或者文字中含有“: ”却没有加引号",
    ),
    (
        "could not find expected ':'",
        "找不到应有的冒号“:”：这一行可能缺了冒号，或者上一行的引号、缩进有问题",
    ),
    (
        "did not find expected key",
        "缩进不一致：这里期望一个“键: 值”，请检查这一行与上下文的缩进是否对齐",
    ),
    ("did not find expected '-' indicator", "列表缩进不一致：这里期望一个以“- ”开头的列表项"),
    ("did not find expected node content", "这里缺少内容：可能多了一个“-”或“,”"),
    ("did not find expected ',' or ']'", "方括号列表没有正确结束：缺少“,”或“]”"),
    ("did not find expected ',' or '}'", "花括号映射没有正确结束：缺少“,”或“}”"),
    ("found undefined alias", "引用了未定义的锚点（*名字 之前必须有 &名字）"),
    (
        "but found another document",
        "一个文件只能有一个 YAML 文档：这里出现了第二个（“---”分隔），请把它拆成两个文件",
    ),
    (
        "found unknown escape character",
        "双引号文字中有无法识别的转义（反斜杠“\\”）；如需写反斜杠本身，请改用单引号",
    ),
    (
        "found a tab character that violates indentation",
        "这里有制表符（Tab）；YAML 不允许用 Tab 缩进，请改用空格",
    ),
    (
        "found a tab character where an indentation space is expected",
        "这里有制表符（Tab）；YAML 不允许用 Tab 缩进，请改用空格",
    ),
    ("exceeded maximum nesting depth", "嵌套层次太深，无法读取"),
    ("expected <block end>", "缩进不一致：这一行的缩进与上面的结构对不上"),
    ("found duplicate anchor", "锚点（&名字）重复定义"),
    ("control characters are not allowed", "文件中有不可见的控制字符"),
    (
        "found invalid Unicode character escape code",
        "双引号文字中的“\\u”或“\\U”转义不是有效的字符编码",
    ),
    ("did not find expected hexdecimal number", "双引号文字中的“\\x”“\\u”转义后面应跟十六进制数字"),
    ("found undefined tag handle", "使用了未定义的标签前缀（!前缀!）；任务书不需要标签，请删去"),
    (
        "did not find expected whitespace or line break",
        "这里缺少空格或换行：锚点、别名或标签后面要有空格",
    ),
    ("did not find expected alphabetic or numeric character", "锚点（&）或别名（*）后面缺少名字"),
    ("found unexpected ':'", "这里的冒号“:”位置不对：花括号或方括号里的文字含有冒号时请加引号"),
    (
        "did not find expected <document start>",
        "文件开头的“%”指令后面缺少“---”；任务书不需要“%”指令，请删去",
    ),
    ("found incompatible YAML document", "不支持的 YAML 版本指令（%YAML）；请删去这一行"),
    ("found duplicate YAML directive", "%YAML 指令重复；请删去"),
    (
        "found unexpected document indicator",
        "文字中间出现了“---”或“...”：它们会被当作文档分隔符，请给这段文字加引号",
    ),
    ("found a tab character", "这里有制表符（Tab）；YAML 不允许用 Tab 缩进，请改用空格"),
]


_QUOTED_CONTEXTS = (
    "while scanning a quoted scalar",
    "while scanning a double-quoted scalar",
    "while scanning a single-quoted scalar",
)


CONFLICT_MARKER = re.compile(r"^(?:<<<<<<<|>>>>>>>)(?: [^\n]*)?$|^=======$", re.M)
"""A line git writes around the two sides of a merge conflict."""


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def syntax_finding(doc: Locatable, exc: yaml12.YAMLError, text: str) -> Finding:
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "problem_mark", None)
    if context in _QUOTED_CONTEXTS or context.startswith("while scanning a simple key"):
        mark = getattr(exc, "context_mark", None) or mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = text.split("\n")
    current = lines[line - 1] if line <= len(lines) else ""
    here = current[column - 1 : column]
    if here == "\t" or (problem.startswith("found character") and "\t" in current[:column]):
        message = "这里有制表符（Tab）；YAML 不允许用 Tab 缩进或对齐，请改用空格"
    elif (
        context.startswith("while scanning a simple key")
        and "could not find expected ':'" in problem
    ):
        message = "这一行没有找到应有的冒号“:”（或者它是上一行没写完的文字）：如果这里是“键: 值”，请检查冒号是否为半角、冒号后是否有空格"
    else:
        message = next((zh for en, zh in _PROBLEMS if en in problem), f"YAML 语法错误：{problem}")
        message = _clerk_hint(lines, line, column, problem) or message
    return Finding(doc.file, line, column, "", "yaml-syntax", Severity.ERROR, message)


_EMPTY_LIST = re.compile(
    r"^([ \t]*(?:-[ \t]+)?)([^\s:#][^:#]*?)[ \t]*:[ \t]*\[[ \t]*\][ \t]*(?:#.*)?$"
)


_ITEM = re.compile(r"^[ \t]*-(?:[ \t]|$)")


_KEY_VALUE = re.compile(r"^([ \t]*)([^\s:#'\"\-][^:#]*?)[ \t]*:(?:[ \t]+(.*))?$")


_UNQUOTED_START = "%@`"


def _content_before(lines: list[str], index: int) -> int | None:
    """The index of the nearest line above `index` with something other than a comment."""
    for i in range(index - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _clerk_hint(lines: list[str], line: int, column: int, problem: str) -> str | None:
    """What a clerk did, where the parser's words would mislead: a list item under `key: []`
    (the scaffold's empty list, its example uncommented), a value starting with `%`, `@` or
    a backquote, a key indented a space or two off its neighbours."""
    index = line - 1
    if index >= len(lines):
        return None
    current = lines[index]
    above = _content_before(lines, index)
    if above is not None and _ITEM.match(current):
        m = _EMPTY_LIST.match(lines[above])
        if m:
            return (
                f"第 {above + 1} 行的“{m.group(2)}: []”表示空列表，下面就不能再写列表项了："
                f"要写条目，请删去“[]”，只留“{m.group(2)}:”"
            )
    here = current[column - 1 : column]
    kv = _KEY_VALUE.match(current)
    if here and here in _UNQUOTED_START and kv and kv.group(3) and kv.group(3).startswith(here):
        value = kv.group(3).rstrip()
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return (
            f"“{kv.group(2)}:”后面的值以“{here}”开头，YAML 不允许这样的文字不加引号："
            f"请加上引号，写成 {kv.group(2)}: {quoted}"
        )
    if kv and ("expected '-' indicator" in problem or "expected key" in problem):
        ours = len(kv.group(1))
        i = index
        while (i := _content_before(lines, i)) is not None:  # type: ignore[assignment]
            text = lines[i]
            body = text.lstrip(" ")
            col = len(text) - len(body)
            while body.startswith("- "):
                col, body = col + 2, body[2:].lstrip(" ")
            if col > ours + 2 or not _KEY_VALUE.match(body):
                continue
            if col != ours and abs(col - ours) <= 2:
                fewer = "少" if ours < col else "多"
                return (
                    f"缩进不一致：“{kv.group(2)}:”比上面第 {i + 1} 行的键{fewer}了 {abs(col - ours)} 个空格；"
                    f"同一层的键要左对齐（从第 {col + 1} 列开始）"
                )
            break
    return None


_KEY_LINE = re.compile(
    r"^([ \t]*(?:-[ \t]+)*)([A-Za-z_][A-Za-z0-9_-]*|[^\s:#'\"\-\[\]{},][^\s:#'\"]{0,30}?)[ \t]*:(?:[ \t]|$)"
)


_LEAD = re.compile(r"^[ \t]*(?:-[ \t]+)*")


def unclosed_quote(
    doc: Locatable,
    text: str,
    *,
    root: Any = None,
    before: tuple[int, int] | None = None,
    spans: list[tuple[int, int, int, int, str]] | None = None,
) -> Finding | None:
    """A quoted scalar that swallowed line breaks and what looks like keys, where it opened.

    The multi-line quoted scalars are `spans` (found while the data was built), else
    those of the node tree `root`, else those libyaml scanned up to the error at `before`.

    A later quote closes a forgotten one far below it: the parser then complains
    there (or not at all), about something else. A line inside the quotes that
    looks like `key: `, its key no deeper than the key the quote opened after,
    shows that the quote was meant to end on its own line.
    """
    if '"' not in text and "'" not in text:
        return None
    if spans is None and root is not None:
        spans = yamltree.multiline_quoted(root)
    elif spans is None and before is not None:
        spans = yaml12.quoted_scalars(text)
    if not spans:
        return None
    lines = text.split("\n")
    for sl, sc, el, ec, quote in spans:
        if before is not None and (sl + 1, sc + 1) > before:
            break
        lead = _LEAD.match(lines[sl])
        indent = len(lead.group()) if lead else 0
        for number in range(sl + 1, min(el, len(lines) - 1) + 1):
            line = lines[number] if number < el else lines[number][: max(ec - 1, 0)]
            m = _KEY_LINE.match(line)
            if m is None or len(m.group(1)) > indent:
                continue
            key = m.group(2)
            name = "双引号" if quote == '"' else "单引号"
            return Finding(
                doc.file,
                sl + 1,
                sc + 1,
                "",
                "yaml-syntax",
                Severity.ERROR,
                f"引号没有闭合：这里开始的{name}一直到第 {el + 1} 行才遇到下一个{name}，"
                f"中间第 {number + 1} 行的“{key}:”等内容都被当成了这段文字。"
                f"请在这段文字末尾补上结束的{name}",
            )
    return None
