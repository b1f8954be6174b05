"""Reporters: a `Report` -> text (rich), JSON (SPEC §3) or GitHub annotations.

Reporters are the edge: they take the stream to write to and never decide the
exit status. `REPORTERS` names the `--format` choices.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from ankao.findings import Finding, Report, Severity

Reporter = Callable[[Report, TextIO], None]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def console(stream: TextIO) -> Any:
    """A rich console on `stream`: colour only on a terminal, no wrapping of long lines.

    What people wrote is text, not markup: `[/]` or `[link=…]` in a comment prints as
    written (markup is off), and what a terminal would obey (ESC sequences, C0/C1
    and bidi controls) is removed from every string printed or put in a table.
    """
    cls = _console_class()
    options: dict[str, Any] = {
        "highlight": False,
        "soft_wrap": True,
        "emoji": False,
        "markup": False,
    }
    # Whether the stream is a terminal, and its size, asked once: rich asks again on every
    # print (a system call or two each), and `assess --all` prints a line per unit.
    probe = cls(file=stream, **options)
    size = probe.size
    return cls(
        file=stream,
        force_terminal=probe.is_terminal,
        width=size.width,
        height=size.height,
        **options,
    )


_CONSOLE: list[type] = []


def _console_class() -> type:
    if not _CONSOLE:
        from rich.console import Console

        from ankao.load.names import clean_terminal

        class TextConsole(Console):
            def render_str(self, text: str, **kwargs: Any) -> Any:
                return super().render_str(clean_terminal(text), **kwargs)

            def on_broken_pipe(self) -> None:
                # rich exits with 1 here; the command's own status (SPEC §3) is decided
                # by its findings, so say what happened and let the command decide
                raise BrokenPipeError

        _CONSOLE.append(TextConsole)
    return _CONSOLE[0]


def text_reporter(report: Report, stream: TextIO) -> None:
    """Findings grouped by file as `file:line:col 严重程度 message [code]`, then a summary."""
    from rich.text import Text

    from ankao.load.names import clean_terminal

    out = console(stream)
    current = None
    for f in report.sorted_findings():
        if f.file != current:
            if current is not None:
                out.print()
            current = f.file
        line = Text()
        line.append(_where(f, clean_terminal), style="bold")
        line.append("  ")
        line.append(f.severity.label, style=_STYLE[f.severity])
        line.append(f"  {clean_terminal(f.message)}  ")
        line.append(f"[{f.code}]", style="dim")
        out.print(line)
    for block in report.blocks:
        out.print()
        block(out)
    if report.findings or report.blocks:
        out.print()
    out.print(summary_line(report), style="bold red" if report.errors else "bold green")


_WORKBOOKS = (".xlsx", ".xlsm", ".docx")


def _where(f: Finding, clean: Any) -> str:
    """`file:line:col`; a cell of a workbook or a row of a Word table as `文件 › 工作表!G7` (SPEC §9)."""
    if f.path and f.file.lower().endswith(_WORKBOOKS):
        return f"{clean(f.file)} › {clean(f.path)}"
    return f"{clean(f.file)}:{f.line}:{f.column}"


def summary_line(report: Report) -> str:
    """`检查了 4 个文件：1 个错误，2 个警告` in Chinese."""
    files = len(report.files)
    if not report.errors and not report.warnings:
        return f"检查了 {files} 个文件，没有发现问题"
    return f"检查了 {files} 个文件：{report.errors} 个错误，{report.warnings} 个警告"


def json_reporter(report: Report, stream: TextIO) -> None:
    """The JSON object of SPEC §3 (plus a command's own keys); ASCII-escaped unless the stream is UTF-8.

    The document is built whole before it is written, so a failure never leaves half of it.
    """
    stream.write(json_lines(report.as_dict(), ensure_ascii=not is_utf8(stream)) + "\n")


def json_lines(document: dict[str, Any], *, ensure_ascii: bool = False) -> str:
    """A JSON object laid out a line per entry: each key of the object on its own line, and
    each item of a list (a diagnostic) or entry of an object (a book's stats) below it on
    its own line, written compactly.

    One finding per line reads well and suits line tools (grep); and it is written by
    json's C encoder, where an indented document goes through its Python one (a tenth of
    a second for the stats of a thousand books).
    """

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ensure_ascii, separators=(", ", ": "))

    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            inner = ",\n".join(f"    {one(item)}" for item in value)
            parts.append(f"  {one(key)}: [\n{inner}\n  ]")
        elif isinstance(value, dict) and value and len(value) > 3:
            inner = ",\n".join(f"    {one(k)}: {one(v)}" for k, v in value.items())
            parts.append(f"  {one(key)}: {{\n{inner}\n  }}")
        else:
            parts.append(f"  {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


def is_utf8(stream: TextIO) -> bool:
    """True when `stream` encodes text as UTF-8 (or has no encoding of its own, like StringIO)."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True
    import codecs

    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def _escape_data(text: str) -> str:
    from ankao.load.names import clean_terminal

    return clean_terminal(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_reporter(report: Report, stream: TextIO) -> None:
    """GitHub Actions workflow commands, one annotation per finding."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for f in report.sorted_findings():
        props = f"file={_escape_property(f.file)},line={f.line},col={f.column},title={_escape_property('ankao ' + f.code)}"
        stream.write(f"::{level[f.severity]} {props}::{_escape_data(f.message)}\n")
    stream.write(summary_line(report) + "\n")


REPORTERS: dict[str, Reporter] = {
    "text": text_reporter,
    "json": json_reporter,
    "github": github_reporter,
}
