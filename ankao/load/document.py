"""A file on disk -> a `Document`: its data, its node tree and its loading findings.

Loading never raises for a problem in the file: size, encoding, control
characters, full-width punctuation typed by a Chinese input method, YAML syntax,
duplicate keys and alias bombs all become findings with `file:line:column`, and
the data is whatever could honestly be read (None when nothing could).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ankao.findings import Finding, Locatable, PathPart, Severity, format_path, has_errors
from ankao.load import yaml12
from ankao.load.files import (
    NotAFile,
    escapes,
    file_type_name,
    os_reason,
    read_bounded,
    repository_home,
)

DEFAULT_MAX_BYTES = 1024 * 1024


@dataclass(slots=True)
class Document(Locatable):
    """One loaded YAML file."""

    file: str
    """The name shown to users: as given, or relative to the repository root."""
    data: Any = None
    node: Any = None
    findings: list[Finding] = field(default_factory=list)
    loaded: bool = False
    """True when the YAML could be read at all (data may still be wrong)."""
    text: str = ""
    """The decoded text that was parsed (where it could be)."""
    folded: bool = True
    """False when no plain or `>` text spans lines (then YAML joined no lines with spaces)."""

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the data at `parts` (nearest ancestor if missing)."""
        return yaml12.locate(self.node, parts, key=key)

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)


def load_file(
    path: Path,
    display: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    root: Path | None = None,
) -> Document:
    """Read and parse one YAML file; every problem is a finding, never an exception.

    Only a regular file is read, and at most `max_bytes + 1` bytes of it. A file
    in a repository folder (or under `root`, when given) that resolves outside
    that repository is refused unread: a link to /etc/passwd is never echoed.
    """
    doc = Document(display if display is not None else str(path))
    home = root if root is not None else repository_home(path)
    if home is not None and escapes(path, home) and not _special(path):
        doc.findings.append(
            _at(
                doc,
                1,
                1,
                "outside-repository",
                f"这是一个链接（或在链接的文件夹里），指向仓库以外的 {os.path.realpath(path)}，未读取；"
                "请把文件本身放进仓库，不要用链接",
            )
        )
        return doc
    try:
        raw = read_bounded(path, max_bytes)
    except NotAFile as exc:
        doc.findings.append(_not_a_file(doc, path, exc.what))
        return doc
    except OSError as exc:
        doc.findings.append(_at(doc, 1, 1, "unreadable", f"无法读取文件：{os_reason(exc)}"))
        return doc
    if len(raw) > max_bytes:
        try:
            size = max(os.stat(path).st_size, len(raw))
        except OSError:
            size = len(raw)
        what = f"文件有 {_size(size)}，超过上限" if size > max_bytes + 1 else "文件超过上限"
        doc.findings.append(
            _at(
                doc,
                1,
                1,
                "too-large",
                f"{what} {_size(max_bytes)}，未读取。"
                "任务书一般只有几十 KB；如确需更大，请在 ankao.yaml 的 limits.max_file_size 中调高上限",
            )
        )
        return doc
    return load_bytes(raw, doc, max_bytes=max_bytes)


def _special(path: Path) -> bool:
    """A FIFO, device or socket: said as such wherever it is (it is never opened)."""
    try:
        what = file_type_name(os.stat(path).st_mode)
    except OSError:
        return False
    return what not in (None, "文件夹")


def _not_a_file(doc: Document, path: Path, what: str) -> Finding:
    if what == "文件夹":
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return _at(
                doc,
                1,
                1,
                "unreadable",
                f"无法读取这个文件夹，其中的文件都没有检查：{os_reason(exc)}",
            )
        return _at(doc, 1, 1, "not-a-file", "这是一个文件夹，不是文件")
    real = os.path.realpath(path)
    where = f"（链接指向 {real}）" if real != os.path.abspath(path) else ""
    return _at(
        doc,
        1,
        1,
        "not-a-file",
        f"这不是普通文件，而是{what}{where}，未读取；只有普通文件才会被检查",
    )


def load_text(text: str, display: str = "<文本>") -> Document:
    """Parse YAML given as text (tests, stdin)."""
    return load_bytes(text.encode("utf-8"), Document(display))


def load_bytes(raw: bytes, doc: Document, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Decode, clean, parse and construct; findings go into `doc`."""
    text = _decode(raw, doc)
    if text is None:
        return doc
    if "\r" in text:
        # YAML reads CRLF and a lone CR as line breaks too; one kind of break keeps
        # our own line counting (controls, full-width marks, syntax) in step with it.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _strip_raw_controls(text, doc)
    if _merge_conflict(text, doc):
        return doc
    candidates = (
        _fullwidth_candidates(text) if ("：" in text or "\u3000" in text or "－" in text) else []
    )
    try:
        root = yaml12.compose(text)
    except yaml12.YAMLError as exc:
        return _not_parsed(doc, exc, text, candidates)
    if candidates:
        doc.findings.extend(replace(f, file=doc.file) for f in _confirm_fullwidth(candidates, root))
    unclosed = _unclosed_quote(doc, text, root=root)
    if unclosed is not None:
        doc.findings.append(unclosed)
        doc.findings = cap_findings(doc.findings)
        return doc
    built = yaml12.construct(root, max_bytes=max_bytes)
    doc.node = root
    doc.text = text
    doc.loaded = built.ok
    doc.data = built.data
    doc.folded = built.folded
    for p in built.problems:
        severity = Severity(p.severity)
        doc.findings.append(
            Finding(doc.file, p.line, p.column, format_path(p.path), p.code, severity, p.message)
        )
    doc.findings = cap_findings(doc.findings)
    return doc


def _merge_conflict(text: str, doc: Document) -> bool:
    """Git's conflict markers left in the file: one finding at the first (True), else False."""
    conflict = _CONFLICT.search(text) if ("<<<<<<<" in text or ">>>>>>>" in text) else None
    if conflict is None:
        return False
    line = text.count("\n", 0, conflict.start()) + 1
    marker = conflict.group().strip()
    doc.findings.append(
        _at(
            doc,
            line,
            1,
            "merge-conflict",
            f"有未解决的 git 合并冲突（从第 {line} 行的“{_shorten(marker)}”开始）：请保留应有的内容，"
            "删去 <<<<<<<、=======、>>>>>>> 这些冲突标记后再提交",
        )
    )
    return True


def _not_parsed(doc: Document, exc: yaml12.YAMLError, text: str, candidates: list[Any]) -> Document:
    """The findings of text YAML cannot parse: the cause where ankao can name it, else the parser's."""
    syntax = _syntax_finding(doc, exc, text)
    unclosed = _unclosed_quote(doc, text, before=(syntax.line, syntax.column))
    if unclosed is not None:
        doc.findings.append(unclosed)
        doc.findings = cap_findings(doc.findings)
        return doc
    # Without a node tree a Chinese key's "：" is only trusted on the failing line.
    marks = [
        replace(c.finding, file=doc.file)
        for c in candidates
        if c.always or c.finding.line == syntax.line
    ]
    doc.findings.extend(marks)
    # A full-width mark on the failing line or just above it is the cause; the
    # parser's own complaint would repeat it, less precisely.
    if not any(syntax.line - 1 <= f.line <= syntax.line for f in marks):
        doc.findings.append(syntax)
    doc.findings = cap_findings(doc.findings)
    return doc


FINDINGS_PER_FILE = 200
"""More findings than this in one file are summed up in one: nobody reads 40,000 lines."""

TOO_MANY = "too-many-findings"
_MORE_RE = re.compile(r"还有 ([0-9]+) 个问题未列出")
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def cap_findings(findings: list[Finding], limit: int = FINDINGS_PER_FILE) -> list[Finding]:
    """At most `limit` findings of one file (errors kept first), then one saying how many more.

    Call it where all findings of a file are assembled; a summary from an
    earlier cap is counted in, not repeated.
    """
    earlier = [f for f in findings if f.code == TOO_MANY]
    if len(findings) - len(earlier) <= limit and not earlier:
        return findings
    rest = [f for f in findings if f.code != TOO_MANY]
    hidden = sum(int(m.group(1)) for f in earlier if (m := _MORE_RE.search(f.message)))
    ranked = sorted(rest, key=lambda f: (_RANK.get(f.severity, 3), f.line, f.column))
    kept, dropped = ranked[:limit], ranked[limit:]
    hidden += len(dropped)
    if not hidden:
        return sorted(kept, key=lambda f: (f.line, f.column))
    severities = [f.severity for f in dropped] + [f.severity for f in earlier]
    severity = min(severities, key=lambda s: _RANK.get(s, 3))
    first = min([*dropped, *earlier], key=lambda f: (f.line, f.column))
    summary = Finding(
        first.file,
        first.line,
        first.column,
        "",
        TOO_MANY,
        severity,
        f"还有 {hidden} 个问题未列出（每个文件最多列出 {limit} 个）；请先改正上面列出的问题，再重新检查",
    )
    return [*sorted(kept, key=lambda f: (f.line, f.column)), summary]


def _at(
    doc: Document,
    line: int,
    column: int,
    code: str,
    message: str,
    severity: Severity = Severity.ERROR,
) -> Finding:
    return Finding(doc.file, line, column, "", code, severity, message)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KiB"


# --- encoding --------------------------------------------------------------------

_RESAVE = (
    "请另存为 UTF-8：记事本“另存为”时把“编码”选为 UTF-8；"
    "VS Code 点右下角的编码名，选“通过编码保存”→ UTF-8；WPS/Word 另存为“纯文本”并选 UTF-8"
)


def _decode(raw: bytes, doc: Document) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        doc.findings.append(
            _at(doc, 1, 1, "encoding", f"文件是 UTF-32 编码，不是 UTF-8。{_RESAVE}")
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.findings.append(
            _at(
                doc,
                1,
                1,
                "encoding",
                f"文件是 UTF-16 编码（Windows 的“Unicode”），不是 UTF-8。{_RESAVE}",
            )
        )
        return None
    if b"\x00" in raw[:8192]:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        doc.findings.append(
            _at(
                doc, line, 1, "encoding", "这不是文本文件（含有二进制的零字节），无法作为 YAML 读取"
            )
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        # Some GBK pairs happen to be valid UTF-8: point at the start of the non-ASCII
        # run that holds the bad byte, where the reader sees the Chinese text begin.
        start = exc.start
        while start > line_start and raw[start - 1] >= 0x80:
            start -= 1
        column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
        guess = _guess_encoding(raw)
        what = f"看起来是 {guess} 编码（Windows 中文版常见）" if guess else "也不是常见的中文编码"
        doc.findings.append(
            _at(
                doc,
                line,
                column,
                "encoding",
                f"文件不是 UTF-8 编码，{what}；从这里开始的文字无法按 UTF-8 读取。{_RESAVE}",
            )
        )
        return None


def _guess_encoding(raw: bytes) -> str | None:
    for codec, name in (("gbk", "GBK"), ("gb18030", "GB18030"), ("big5", "Big5（繁体）")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if re.search("[\u4e00-\u9fff]", text):
            return name
    return None


# --- raw control characters --------------------------------------------------------

# YAML's printable set (1.2, 5.1) minus what we accept: C0 but TAB/LF/CR, DEL, C1 but NEL.
_RAW_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _strip_raw_controls(text: str, doc: Document) -> str:
    if not _RAW_CONTROL_RE.search(text):
        return text
    line, line_start, position, count = 1, 0, 0, 0
    for match in _RAW_CONTROL_RE.finditer(text):
        count += 1
        if count > FINDINGS_PER_FILE:
            continue
        start = match.start()
        breaks = text.count("\n", position, start)  # counted from the last match: linear
        if breaks:
            line += breaks
            line_start = text.rfind("\n", position, start) + 1
        position = start
        doc.findings.append(
            _at(
                doc,
                line,
                start - line_start + 1,
                "control-character",
                f"删除了一个不可见的控制字符 U+{ord(match.group()):04X}（YAML 和 Word 都不能容纳它）",
                Severity.WARNING,
            )
        )
    if count > FINDINGS_PER_FILE:
        doc.findings.append(
            _at(
                doc,
                line,
                position - line_start + 1,
                TOO_MANY,
                f"还有 {count - FINDINGS_PER_FILE} 个问题未列出（都是不可见的控制字符，已删除）",
                Severity.WARNING,
            )
        )
    return _RAW_CONTROL_RE.sub("", text)


# --- full-width punctuation typed with a Chinese input method ------------------------

_ASCII_KEY_FW_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(：)")
_CJK_KEY_FW_COLON = re.compile(
    r"^[ \t]*(?:-[ \t]+)?([^\s:#'\"\-\[\]{}][^\s:#'\"]{0,30}?)[ \t]*(：)"
)
_COLON_IDEOGRAPHIC_SPACE = re.compile(r"^[^#'\"]*?(:\u3000)")
_INDENT_IDEOGRAPHIC_SPACE = re.compile(r"^[ \t]*(\u3000)")
_FULLWIDTH_DASH = re.compile(r"^[ \t]*(－)[ \t\u3000]")


@dataclass(slots=True)
class _Candidate:
    finding: Finding
    always: bool
    """False for a Chinese key: kept only where the YAML shows it was meant as a key."""


def _fullwidth_candidates(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
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


def _fw(line: int, index: int, message: str, always: bool) -> _Candidate:
    return _Candidate(
        Finding("", line, index + 1, "", "fullwidth-punctuation", Severity.ERROR, message), always
    )


def _confirm_fullwidth(candidates: list[_Candidate], root: Any) -> list[Finding]:
    """Drop candidates inside quoted or block scalars; keep Chinese keys only in folded plain text."""
    if root is None:
        return [c.finding for c in candidates if c.always]
    protected: list[tuple[int, int, int, int]] = []
    multiline_plain: list[tuple[int, int]] = []

    def visit(node: Any) -> None:
        start, end = node.start_mark, node.end_mark
        if not yaml12.is_plain(node):
            protected.append((start.line + 1, start.column + 1, end.line + 1, end.column + 1))
        elif end.line > start.line:
            multiline_plain.append((start.line + 1, end.line + 1))

    yaml12.walk_scalars(root, visit)

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


# --- YAML syntax errors in Chinese ----------------------------------------------------

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


_CONFLICT = re.compile(r"^(?:<<<<<<<|>>>>>>>)(?: [^\n]*)?$|^=======$", re.M)
"""A line git writes around the two sides of a merge conflict."""


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _syntax_finding(doc: Document, exc: yaml12.YAMLError, text: str) -> Finding:
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


# --- a quote that was not closed where it should have been ----------------------------

_KEY_LINE = re.compile(
    r"^([ \t]*(?:-[ \t]+)*)([A-Za-z_][A-Za-z0-9_-]*|[^\s:#'\"\-\[\]{},][^\s:#'\"]{0,30}?)[ \t]*:(?:[ \t]|$)"
)
_LEAD = re.compile(r"^[ \t]*(?:-[ \t]+)*")


def _unclosed_quote(
    doc: Document, text: str, *, root: Any = None, before: tuple[int, int] | None = None
) -> Finding | None:
    """A quoted scalar that swallowed line breaks and what looks like keys, where it opened.

    A later quote closes a forgotten one far below it: the parser then complains
    there (or not at all), about something else. A line inside the quotes that
    looks like `key: `, its key no deeper than the key the quote opened after,
    shows that the quote was meant to end on its own line.
    """
    if '"' not in text and "'" not in text:
        return None
    spans: list[tuple[int, int, int, int, str]] = []
    if root is not None:

        def visit(node: Any) -> None:
            start, end = node.start_mark, node.end_mark
            if node.style in ('"', "'") and end.line > start.line:
                spans.append((start.line, start.column, end.line, end.column, node.style))

        yaml12.walk_scalars(root, visit)
        spans.sort()
    elif before is not None:
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
