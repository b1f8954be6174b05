"""A file on disk -> a `Document`: its data, its node tree and its loading findings.

Loading never raises for a problem in the file: size, encoding, control
characters, full-width punctuation typed by a Chinese input method, YAML syntax,
duplicate keys and alias bombs all become findings with `file:line:column`, and
the data is whatever could honestly be read (None when nothing could).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ankao.findings import Finding, Locatable, PathPart, Severity, format_path, has_errors
from ankao.load import yaml12, yamltree
from ankao.load.files import (
    NotAFile,
    escapes,
    file_type_name,
    os_reason,
    read_bounded,
    repository_home,
)
from ankao.load.fullwidth import confirm_fullwidth, fullwidth_candidates
from ankao.load.syntax import CONFLICT_MARKER, shorten, syntax_finding, unclosed_quote

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
    integral_float: bool | None = None
    """Whether a float with an integral value (2026.0) stands in `data`; None: not known."""

    def locate(self, parts: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the data at `parts` (nearest ancestor if missing)."""
        return yamltree.locate(self.node, parts, key=key)

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
        fullwidth_candidates(text) if ("：" in text or "\u3000" in text or "－" in text) else []
    )
    try:
        root = yaml12.compose(text)
    except yaml12.YAMLError as exc:
        return _not_parsed(doc, exc, text, candidates)
    built = yaml12.construct(root, max_bytes=max_bytes, anchored="&" in text)
    if candidates:
        doc.findings.extend(replace(f, file=doc.file) for f in confirm_fullwidth(candidates, root))
    unclosed = unclosed_quote(doc, text, root=root, spans=built.quoted)
    if unclosed is not None:
        doc.findings.append(unclosed)
        doc.findings = cap_findings(doc.findings)
        return doc
    doc.node = root
    doc.text = text
    doc.loaded = built.ok
    doc.data = built.data
    doc.folded = built.folded
    doc.integral_float = built.integral_float
    for p in built.problems:
        severity = Severity(p.severity)
        doc.findings.append(
            Finding(doc.file, p.line, p.column, format_path(p.path), p.code, severity, p.message)
        )
    doc.findings = cap_findings(doc.findings)
    return doc


def _merge_conflict(text: str, doc: Document) -> bool:
    """Git's conflict markers left in the file: one finding at the first (True), else False."""
    conflict = CONFLICT_MARKER.search(text) if ("<<<<<<<" in text or ">>>>>>>" in text) else None
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
            f"有未解决的 git 合并冲突（从第 {line} 行的“{shorten(marker)}”开始）：请保留应有的内容，"
            "删去 <<<<<<<、=======、>>>>>>> 这些冲突标记后再提交",
        )
    )
    return True


def _not_parsed(doc: Document, exc: yaml12.YAMLError, text: str, candidates: list[Any]) -> Document:
    """The findings of text YAML cannot parse: the cause where ankao can name it, else the parser's."""
    syntax = syntax_finding(doc, exc, text)
    unclosed = unclosed_quote(doc, text, before=(syntax.line, syntax.column))
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


# --- a quote that was not closed where it should have been ----------------------------
