"""Opening an Excel (.xlsx) file safely: what is no workbook, or too large, is refused unparsed.

A .xlsx is a zip archive, like a .docx (`ankao.load.docxsafe`): a small file can hold
a sheet that inflates to gigabytes, and openpyxl builds every cell of a sheet
in memory. So before any workbook is parsed its bytes are read with a bound,
and each part is checked by its declared size and then by its real size as it
is decompressed in a stream that stops one chunk past the limit
(`ankao.load.boundedzip`, worded for a form). What is not a
.xlsx at all gets its own answer: an old binary .xls or WPS .et (another
format: save it as .xlsx), a workbook with an opening password (an encrypted
OLE container ankao cannot open), a file that is no zip. A workbook's size in
rows and columns is checked too, once openpyxl has read it (`check_sheets`).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ankao.errors import AnkaoError
from ankao.load.boundedzip import Limits, MiB, Wording, mb, open_bounded

MAX_FILE = 20 * MiB
"""Largest .xlsx read at all: a form is some tens of KB."""
MAX_MEMBER = 8 * MiB
"""Largest uncompressed part (one sheet's XML, the shared strings)."""
MAX_TOTAL = 60 * MiB
"""Largest uncompressed size of all parts together."""
MAX_MEMBERS = 2000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_NOT_READ = "没有读取"
_WORDING = Wording(
    not_a_zip="不是有效的 Excel 工作簿（.xlsx）：文件已损坏，或不是表格文件",
    refused=f"不像填写表，{_NOT_READ}",
    member_refused=f"工作表过大，不像填写表，{_NOT_READ}",
    password="设置了密码，ankao 无法读取：请去掉密码后再读入",
    damaged="文件已损坏，或只复制了一部分",
)


def read_xlsx(source: Path, *, label: str = "") -> bytes:
    """The bytes of the workbook at `source` once they are known to be a .xlsx within the limits.

    AnkaoError (one Chinese line naming the file) for an .xls/.et, a password, a
    file that is no zip, a part or a whole too large, or a file that cannot be read.
    """
    from ankao.load.files import NotAFile, os_reason, read_bounded

    label = label or str(source)
    suffix = source.suffix.lower()
    if suffix in (".xls", ".et", ".ett", ".xlt"):
        raise AnkaoError(
            f"{label} 是旧格式的表格（{suffix}），ankao 读不了：请在 Excel 或 WPS 中“另存为”"
            "Excel 工作簿（.xlsx）后再读入"
        )
    try:
        data = read_bounded(source, MAX_FILE)
    except NotAFile as exc:
        raise AnkaoError(f"{label} 是{exc.what}，不是表格文件") from exc
    except OSError as exc:
        raise AnkaoError(f"无法读取 {label}：{os_reason(exc)}") from exc
    if len(data) > MAX_FILE:
        raise AnkaoError(f"{label} 太大（超过 {mb(MAX_FILE)}），不像填写表，{_NOT_READ}")
    check_bytes(data, label)
    return data


def check_bytes(data: bytes, label: str) -> None:
    """Raise AnkaoError unless `data` is a zip that inflates within the limits."""
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise AnkaoError(
                f"{label} 设置了打开密码，ankao 无法读取：请在 Excel 或 WPS 中去掉密码"
                "（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码）并保存后再读入"
            )
        raise AnkaoError(
            f"{label} 实际是旧格式的表格（.xls 或 WPS 的 .et），ankao 读不了：请在 Excel 或 WPS 中"
            "“另存为”Excel 工作簿（.xlsx）后再读入"
        )
    limits = Limits(member=MAX_MEMBER, total=MAX_TOTAL, members=MAX_MEMBERS)
    with open_bounded(data, label, limits, _WORDING) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_dimension(archive, info, label)


_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?"'
)
MAX_ROWS = 5000
MAX_COLUMNS = 200
"""A sheet that says it is larger than this is no form: refused before openpyxl reads it."""


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n


def _check_dimension(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
    """Refuse a sheet whose declared extent (`<dimension ref="A1:XFD1048576">`) is no form's."""
    with archive.open(info) as member:
        head = member.read(4096)
    m = _DIMENSION.search(head)
    if m is None:
        return
    rows = int(m.group(4) or m.group(2))
    columns = _column_number(m.group(3) or m.group(1))
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise AnkaoError(
            f"{label} 中有一张工作表达 {rows} 行、{columns} 列，超过填写表的上限（{MAX_ROWS} 行、"
            f"{MAX_COLUMNS} 列），不像填写表，{_NOT_READ}"
        )


def open_workbook(
    data: bytes, label: str, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS
) -> Any:
    """The openpyxl workbook of checked bytes (values and formulas as written, macros never run)."""
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it drops (it drops them)
            wb = load_workbook(io.BytesIO(data), data_only=False, keep_vba=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise AnkaoError(
            f"{label} 不是有效的 Excel 工作簿（.xlsx），无法读取（{type(exc).__name__}）"
        ) from exc
    for ws in wb.worksheets:
        if ws.max_row > max_rows or ws.max_column > max_columns:
            raise AnkaoError(
                f"{label} 的工作表“{ws.title}”有 {ws.max_row} 行、{ws.max_column} 列，超过填写表的上限"
                f"（{max_rows} 行、{max_columns} 列），{_NOT_READ}"
            )
    return wb


def custom_properties(data: bytes) -> dict[str, str]:
    """The custom document properties (docProps/custom.xml) of checked .xlsx bytes."""
    from ankao.load.identity import CUSTOM_PART, parse_properties

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            xml = archive.read(CUSTOM_PART)
        except KeyError:
            return {}
    return parse_properties(xml)
