"""What every sheet of a form shares: styles, titles, header rows, cells, validation, page setup.

A thin layer over openpyxl (imported inside each function: `ankao --help` never pays
for it). Cells a unit fills in are unlocked, the rest stays locked under a sheet
protection without a password; drop-down lists and number checks are data
validation; the page prints on A4 with the header row repeated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from ankao.forms import layout as L
from ankao.model.book import Number

HEADER_FILL = "D9D9D9"
LOCKED_FILL = "F2F2F2"
FONT = "宋体"
_WIDTHS = {
    L.ID: 10,
    L.ASPECT: 14,
    L.CONTENT: 40,
    L.METRIC_NAME: 20,
    L.METRIC_UNIT: 9,
    L.BASELINE: 9,
    L.TARGET: 9,
    L.DIRECTION: 8,
    L.CRITERIA: 36,
    L.OWNER: 9,
    L.PART: 16,
    L.STATUS: 10,
    L.NOTE: 36,
}


_FONT_ORDER = [
    "b",
    "i",
    "strike",
    "condense",
    "extend",
    "outline",
    "shadow",
    "u",
    "vertAlign",
    "sz",
    "color",
    "name",
    "family",
    "charset",
    "scheme",
]
_FONT = re.compile(rb"<font>(.*?)</font>", re.DOTALL)
_CHILD = re.compile(rb"<(\w+)\b[^>]*/>")


def schema_ordered_fonts(xlsx: bytes) -> bytes:
    """The workbook with each font's elements in the order of the OOXML schema (CT_Font).

    openpyxl writes `name` first and `color` before `sz`; Excel reads that, but an
    OOXML validator (SPEC §5: `openxml-audit`) reports every such font as an error.
    """
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx))
    styles = source.read("xl/styles.xml")

    def order(m: re.Match[bytes]) -> bytes:
        children = [(c.group(1).decode(), c.group(0)) for c in _CHILD.finditer(m.group(1))]
        rank = {name: i for i, name in enumerate(_FONT_ORDER)}
        children.sort(key=lambda c: rank.get(c[0], len(rank)))
        return b"<font>" + b"".join(xml for _, xml in children) + b"</font>"

    fixed = _FONT.sub(order, styles)
    if fixed == styles:
        return xlsx
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = fixed if info.filename == "xl/styles.xml" else source.read(info)
            target.writestr(info, data)
    return out.getvalue()


class Styles:
    """openpyxl's style objects, made once per workbook (imported lazily: openpyxl is heavy)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.header_font = Font(name=FONT, bold=True, size=11)
        self.title_font = Font(name=FONT, bold=True, size=14)
        self.body_font = Font(name=FONT, size=11)
        self.hint_font = Font(name=FONT, size=10, color="595959")
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.locked_fill = PatternFill("solid", fgColor=LOCKED_FILL)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="top")
        self.open = Protection(locked=False)


def heading(ws: Any, st: Styles, text: str, width: int, hint: str | None = None) -> None:
    """Row 1 the sheet's title, row 2 a hint (both merged across the table)."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    last = get_column_letter(max(width, 1))
    ws["A1"] = text
    ws["A1"].font = st.title_font
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    if width > 1:  # LibreOffice lays a sheet out badly around a merge of one cell
        ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 26
    if hint is not None:
        ws["A2"] = hint
        ws["A2"].font = st.hint_font
        ws["A2"].alignment = Alignment(vertical="center", wrap_text=True)
        ws.merge_cells(f"A2:{last}2")
        ws.row_dimensions[2].height = 32


def header_row(ws: Any, st: Styles, row: int, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.fill, cell.alignment, cell.border = (
            st.header_font,
            st.header_fill,
            st.center,
            st.border,
        )


def put(ws: Any, st: Styles, row: int, col: int, value: Any, *, locked: bool = False) -> Any:
    """One body cell: a `Number` as its value with a format showing it as written."""
    from ankao.render.xlsx import number_format

    fmt = None
    if isinstance(value, Number):
        fmt = number_format(value)
        value = value.value
    cell = ws.cell(row=row, column=col, value=value)
    if fmt is not None:
        cell.number_format = fmt
    elif isinstance(value, str):
        cell.number_format = "@"  # text stays text: an id like 01 or a year keeps its form
    cell.font, cell.alignment, cell.border = st.body_font, st.wrap, st.border
    if locked:
        cell.fill = st.locked_fill
    else:
        cell.protection = st.open
    return cell


def fit_rows(ws: Any, first: int, last: int) -> None:
    """Row heights that show wrapped text whole: LibreOffice and WPS keep a row's stored height."""
    from openpyxl.utils import get_column_letter

    from ankao.render.xlsx import display_width, wrapped_lines

    widths = {
        c: (ws.column_dimensions[get_column_letter(c)].width or 10)
        for c in range(1, ws.max_column + 1)
    }
    for row in range(first, last + 1):
        lines = 1
        for c, width in widths.items():
            value = ws.cell(row=row, column=c).value
            if isinstance(value, str) and value:
                per_line = max(1.0, width * 1.1 - 1)
                need = wrapped_lines((display_width(p) for p in value.split("\n")), per_line)
                lines = max(lines, need)
        ws.row_dimensions[row].height = max(20, 15 * lines + 5)


def set_widths(ws: Any, headers: Sequence[str]) -> None:
    from openpyxl.utils import get_column_letter

    for col, text in enumerate(headers, start=1):
        width = _WIDTHS.get(text, 10 if L.YEAR_HEADER.match(text) else 14)
        ws.column_dimensions[get_column_letter(col)].width = width


def set_page(ws: Any, *, landscape: bool, header_row: int | None) -> None:
    """A4, fit to one page wide, the header row repeated on every printed page; protected."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.footer = 0.35
    ws.print_options.horizontalCentered = True
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    # protection without a password: it guards against slips, not against the unit
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.insertRows = False
    protection.deleteRows = False
    protection.autoFilter = False
    protection.sort = False


def drop_down(
    ws: Any, choices: Sequence[str], ref: str, prompt: str, *, strict: bool = True
) -> None:
    """A drop-down list on `ref`; a value outside it is refused (or only warned of)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    formula = '"' + ",".join(choices) + '"'
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.errorStyle = "stop" if strict else "warning"
    dv.error = f"请从下拉列表中选择：{'、'.join(choices)}"
    dv.errorTitle = "不在可选项中"
    dv.prompt = prompt
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def numbers_only(ws: Any, ref: str, what: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True
    )
    dv.error = f"{what}只能填写数字（不要加单位或文字；百分比填 91.5 而不是 91.5%）"
    dv.errorTitle = "请填写数字"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def set_identity(wb: Any, props: dict[str, str]) -> None:
    from openpyxl.packaging.custom import StringProperty

    for name, value in props.items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))


def set_core(wb: Any, title: str, school: str | None) -> None:
    import datetime as dt

    wb.properties.title = title
    wb.properties.creator = f"{school or ''}中层领导班子任期目标考核工作领导小组办公室"
    wb.properties.created = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
