"""Writing a form: a unit's task book (or a year's figures) as a workbook to fill in Excel or WPS.

The layout is SPEC §9's (`ankao.forms.layout`). What a unit may not change is
locked by sheet protection without a password (the 编号 of existing targets,
headers, the unit's name and kind); everything else, and a block of empty rows
for new targets, is unlocked. Drop-down lists hold the choices the schema allows
(方面 of the section, 方向, 主要负责人, 状态); figures accept numbers only.
Numbers are written as their values, with a number format that shows them as the
book writes them (`150.50` keeps two decimals). The identity (SPEC §9) goes into
the custom document properties.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ankao.forms import layout as L
from ankao.model import Number, Target, TaskBook, Term
from ankao.taskbook import DIRECTIONS, KINDS, SECTIONS, aspects

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


@dataclass(frozen=True, slots=True)
class FormSpec:
    """What one form is made from: the book (None for a unit without one) or the unit, kind and term."""

    unit: str
    kind: str
    term: Term
    book: TaskBook | None = None
    year: int | None = None
    """The year of an --actuals form; None for a task-book form."""
    school: str | None = None

    @property
    def document(self) -> str:
        return L.TASKBOOK if self.year is None else L.ACTUALS


def form_bytes(spec: FormSpec) -> bytes:
    """The .xlsx bytes of the form `spec` describes."""
    wb = actuals_workbook(spec) if spec.year is not None else taskbook_workbook(spec)
    buffer = io.BytesIO()
    wb.save(buffer)
    return schema_ordered_fonts(buffer.getvalue())


_FONT_ORDER = (
    "b i strike condense extend outline shadow u vertAlign sz color name family charset scheme"
).split()
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


# --- the pieces every sheet shares ----------------------------------------------------------


class _Styles:
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


def _title(ws: Any, st: _Styles, text: str, width: int, hint: str | None = None) -> None:
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


def _header(ws: Any, st: _Styles, row: int, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.fill, cell.alignment, cell.border = (
            st.header_font,
            st.header_fill,
            st.center,
            st.border,
        )


def _put(ws: Any, st: _Styles, row: int, col: int, value: Any, *, locked: bool = False) -> Any:
    """One body cell: a `Number` as its value with a format showing it as written."""
    from ankao.rendering.xlsx import number_format

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


def _fit_rows(ws: Any, first: int, last: int) -> None:
    """Row heights that show wrapped text whole: LibreOffice and WPS keep a row's stored height."""
    from math import ceil

    from openpyxl.utils import get_column_letter

    from ankao.rendering.xlsx import display_width

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
                need = sum(
                    max(1, ceil(display_width(part) / per_line)) for part in value.split("\n")
                )
                lines = max(lines, need)
        ws.row_dimensions[row].height = max(20, 15 * lines + 5)


def _columns(ws: Any, headers: Sequence[str]) -> None:
    from openpyxl.utils import get_column_letter

    for col, text in enumerate(headers, start=1):
        width = _WIDTHS.get(text, 10 if L.YEAR_HEADER.match(text) else 14)
        ws.column_dimensions[get_column_letter(col)].width = width


def _page(ws: Any, *, landscape: bool, header_row: int | None) -> None:
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


def _list(ws: Any, choices: Sequence[str], ref: str, prompt: str, *, strict: bool = True) -> None:
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


def _decimal(ws: Any, ref: str, what: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True
    )
    dv.error = f"{what}只能填写数字（不要加单位或文字；百分比填 91.5 而不是 91.5%）"
    dv.errorTitle = "请填写数字"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


def _identity(wb: Any, props: dict[str, str]) -> None:
    from openpyxl.packaging.custom import StringProperty

    for name, value in props.items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))


def _core(wb: Any, title: str, school: str | None) -> None:
    import datetime as dt

    wb.properties.title = title
    wb.properties.creator = f"{school or ''}中层领导班子任期目标考核工作领导小组办公室"
    wb.properties.created = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _props(spec: FormSpec) -> dict[str, str]:
    from ankao.rendering.identity import properties, term_text

    props = properties(
        spec.document,
        units=[spec.unit],
        term=term_text(spec.term.start, spec.term.end),
        fingerprints=[spec.book.fingerprint] if spec.book is not None else [],
    )
    version = props.pop("ankao.version")
    if spec.year is not None:
        props["ankao.year"] = str(spec.year)
    props["ankao.version"] = version
    return props


# --- the task-book form ---------------------------------------------------------------------


def taskbook_workbook(spec: FormSpec) -> Any:
    """The task-book form: 填写说明, 基本情况, 班子成员, one sheet per section (SPEC §9)."""
    from openpyxl import Workbook

    wb = Workbook()
    st = _Styles()
    guide = wb.active
    guide.title = L.GUIDE
    _guide(guide, st, spec)
    _basics(wb.create_sheet(L.BASICS), st, spec)
    _members(wb.create_sheet(L.MEMBERS), st, spec)
    for key, title in SECTIONS[spec.kind]:
        if key != "overall":
            _section(wb.create_sheet(title), st, spec, key, title)
    _core(wb, f"{spec.unit}任期目标任务书（填写表）", spec.school)
    _identity(wb, _props(spec))
    return wb


_GUIDE_LINES = (
    "一、本表由 ankao 生成，填好后原样发回领导小组办公室，办公室用 ankao intake 读入，不必再手工录入。",
    "二、可以用 Excel 或 WPS 表格填写、保存（保存为 .xlsx，不要另存为 .xls 或 .et）；不要改工作表的名称和表头。",
    "三、灰色底纹的单元格（已有目标的编号、表头、单位、类别）不能修改；其余单元格直接填写。",
    "四、每个工作表对应任务书的一个部分。新增目标写在已有目标下方的空行中，编号自拟，在全表中不能重复（如 JX-05）；删去目标请删除整行。",
    "五、定量目标填写指标名称、计量单位、基数、目标值、方向和各年度进度；定性目标不填这些，填写验收标准。",
    "六、基数、目标值、年度进度只填数字（不加单位）；百分比填 91.5，计量单位写 %。",
    "七、方面、方向、主要负责人请从下拉列表中选择；一个目标服务几个方面时，用顿号分隔（如 政治思想建设、作风建设）。",
    "八、单元格中只填数值和文字，不要填公式。",
)


def _guide(ws: Any, st: _Styles, spec: FormSpec) -> None:
    from openpyxl.styles import Alignment

    lines = _GUIDE_LINES if spec.year is None else _ACTUALS_GUIDE
    what = "任期目标任务书" if spec.year is None else f"{spec.year}年度任期目标完成情况"
    _title(ws, st, f"{spec.unit}{what}填写说明", 1)
    for row, text in enumerate(lines, start=3):
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = st.body_font
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.column_dimensions["A"].width = 80
    _fit_rows(ws, 3, 2 + len(lines))
    _page(ws, landscape=False, header_row=None)


def _basics(ws: Any, st: _Styles, spec: FormSpec) -> None:
    book = spec.book
    teaching = spec.kind == "teaching"
    _title(
        ws,
        st,
        f"{spec.unit}基本情况",
        2,
        "单位、类别不能修改；本单位自然情况限 100 字以内（教学单位填写）。",
    )
    _header(ws, st, 3, (L.ITEM, L.VALUE))
    values: list[tuple[str, Any, bool]] = [
        (L.UNIT, spec.unit, True),
        (L.KIND, KINDS[spec.kind], True),
        (L.START, spec.term.start, False),
        (L.END, spec.term.end, False),
        (
            L.PROFILE,
            (book.profile or "")
            if book is not None and teaching
            else ("" if teaching else "（机关、教学辅助机构不填写此项）"),
            not teaching,
        ),
        (L.OVERALL, book.overall.strip() if book is not None else "", False),
    ]
    for row, (label, value, locked) in enumerate(values, start=4):
        label_cell = ws.cell(row=row, column=1, value=label)
        label_cell.font, label_cell.fill, label_cell.border = (
            st.header_font,
            st.locked_fill,
            st.border,
        )
        label_cell.alignment = st.center
        cell = _put(ws, st, row, 2, value if value != "" else None, locked=locked)
        if isinstance(value, int):
            cell.alignment = st.left
        if label in (L.PROFILE, L.OVERALL):
            ws.row_dimensions[row].height = 100
    for row in (6, 7):
        from openpyxl.worksheet.datavalidation import DataValidation

        dv = DataValidation(type="whole", operator="between", formula1="1990", formula2="2100")
        dv.error = "请填写四位数的年份，如 2025"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"B{row}")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 90
    _page(ws, landscape=False, header_row=3)


def _members(ws: Any, st: _Styles, spec: FormSpec) -> None:
    headers = L.MEMBER_HEADERS
    _title(
        ws,
        st,
        f"{spec.unit}本届领导班子成员及分工",
        len(headers),
        "每位成员一行；党政主要负责人在“主要负责人”中选择（一人兼任党政主要负责人的选“党政主要负责人”）。",
    )
    _header(ws, st, 3, headers)
    members = spec.book.members if spec.book is not None else ()
    row = 4
    for m in members:
        for col, value in enumerate(
            (m.name, m.post, m.duties.strip(), L.PRINCIPALS.get(m.principal or "")), start=1
        ):
            _put(ws, st, row, col, value or None)
        row += 1
    last = row + 9
    for r in range(row, last + 1):
        for col in range(1, len(headers) + 1):
            _put(ws, st, r, col, None)
    _list(ws, list(L.PRINCIPALS.values()), f"D4:D{last}", "党政主要负责人；其他成员不填")
    for letter, width in zip("ABCD", (10, 24, 60, 18), strict=True):
        ws.column_dimensions[letter].width = width
    _fit_rows(ws, 4, row - 1)
    _page(ws, landscape=False, header_row=3)


def _section(ws: Any, st: _Styles, spec: FormSpec, key: str, title: str) -> None:
    from openpyxl.utils import get_column_letter

    years = spec.term.years
    headers = L.section_headers(years)
    col = {h: i for i, h in enumerate(headers, start=1)}
    listed = aspects(spec.kind, key)
    _title(
        ws,
        st,
        f"{spec.unit} {title}",
        len(headers),
        "灰色的编号不能修改；新增目标写在下方空行，编号自拟且不重复。定量目标填写指标、基数、目标值、方向和年度进度，"
        "定性目标填写验收标准。",
    )
    _header(ws, st, 3, headers)
    section = spec.book.section(key) if spec.book is not None else None
    row = L.FIRST_ROW
    for t in section.targets if section is not None else ():
        _target_row(ws, st, row, col, t, years)
        row += 1
    last = row + L.SPARE_ROWS - 1
    for r in range(row, last + 1):
        for c in range(1, len(headers) + 1):
            _put(ws, st, r, c, None)

    def letter(name: str) -> str:
        return str(get_column_letter(col[name]))

    first = L.FIRST_ROW
    if listed or key in ("party_building", "teaching", "research", "cooperation"):
        choices = [*listed, "其他"]
        _list(
            ws,
            choices,
            f"{letter(L.ASPECT)}{first}:{letter(L.ASPECT)}{last}",
            "从列表中选择；一个目标服务几个方面时用顿号分隔",
            strict=False,  # several aspects in one cell are allowed: the reader checks each
        )
    _list(
        ws,
        list(DIRECTIONS.values()),
        f"{letter(L.DIRECTION)}{first}:{letter(L.DIRECTION)}{last}",
        "定量目标的方向；不选为“提高”",
    )
    numbers = [L.BASELINE, L.TARGET, *(L.year_header(y) for y in years)]
    for name in numbers:
        _decimal(ws, f"{letter(name)}{first}:{letter(name)}{last}", name)
    _columns(ws, headers)
    _fit_rows(ws, L.FIRST_ROW, row - 1)
    _page(ws, landscape=True, header_row=3)


def _target_row(
    ws: Any, st: _Styles, row: int, col: dict[str, int], t: Target, years: list[int]
) -> None:
    metric = t.metric
    values: dict[str, Any] = {
        L.ASPECT: L.join_aspects(t.aspects) or None,
        L.CONTENT: t.content.strip() or None,
        L.CRITERIA: t.criteria.strip() if t.criteria else None,
        L.OWNER: t.owner,
    }
    if metric is not None:
        values.update(
            {
                L.METRIC_NAME: metric.name,
                L.METRIC_UNIT: metric.unit,
                L.BASELINE: metric.baseline,
                L.TARGET: metric.target,
                L.DIRECTION: DIRECTIONS.get(metric.direction, metric.direction),
            }
        )
        for year, n in metric.milestones.items():
            values[L.year_header(year)] = n
    _put(ws, st, row, col[L.ID], t.id, locked=True)
    for name, c in col.items():
        if name != L.ID:
            _put(ws, st, row, c, values.get(name))


# --- the --actuals form ---------------------------------------------------------------------

_ACTUALS_GUIDE = (
    "一、本表由 ankao 生成，填好后原样发回领导小组办公室，办公室用 ankao intake 读入。",
    "二、可以用 Excel 或 WPS 表格填写、保存（保存为 .xlsx）；不要改工作表的名称和表头。",
    "三、定量目标在“完成值”中填写本年度实际达到的数值（只填数字，百分比填 91.5）；定性目标在“状态”中选择完成、部分完成或未完成，并在“说明”中写明情况。",
    "四、灰色底纹的单元格是任务书的内容，不能修改；“应达”是按年度进度（没有年度进度时按基数到目标值的直线）计算的本年度应达到的数值。",
    "五、单元格中只填数值和文字，不要填公式。",
)


def actuals_workbook(spec: FormSpec) -> Any:
    """The --actuals form: 填写说明 and 完成情况, one row per target (SPEC §9)."""
    from openpyxl import Workbook

    from ankao.assessment import expected_value

    assert spec.book is not None and spec.year is not None
    book, year = spec.book, spec.year
    wb = Workbook()
    st = _Styles()
    guide = wb.active
    guide.title = L.GUIDE
    _guide(guide, st, spec)
    ws = wb.create_sheet(L.ACTUALS_SHEET)
    headers = L.actuals_headers(year)
    col = {h: i for i, h in enumerate(headers, start=1)}
    _title(
        ws,
        st,
        f"{book.unit}{year}年度任期目标完成情况",
        len(headers),
        "定量目标填写完成值；定性目标选择状态并写明说明。灰色单元格不能修改。",
    )
    _header(ws, st, 3, headers)
    row = L.FIRST_ROW
    for section in book.sections:
        for t in section.targets:
            metric = t.metric
            actual = t.actuals.get(year)
            locked: dict[str, Any] = {
                L.ID: t.id,
                L.PART: section.title,
                L.CONTENT: t.content.strip(),
            }
            if metric is not None:
                expected = expected_value(t, book.term, year)
                locked.update(
                    {
                        L.METRIC_NAME: metric.name,
                        L.METRIC_UNIT: metric.unit,
                        L.BASELINE: metric.baseline,
                        L.TARGET: metric.target,
                        L.expected_header(year): _expected(expected[0]) if expected else None,
                    }
                )
            for name, value in locked.items():
                _put(ws, st, row, col[name], value, locked=True)
            for name in (
                L.METRIC_NAME,
                L.METRIC_UNIT,
                L.BASELINE,
                L.TARGET,
                L.expected_header(year),
            ):
                if name not in locked:
                    _put(ws, st, row, col[name], None, locked=True)
            if metric is not None:
                _put(ws, st, row, col[L.actual_header(year)], actual.value if actual else None)
                _put(ws, st, row, col[L.STATUS], None, locked=True)
                _put(ws, st, row, col[L.NOTE], None, locked=True)
            else:
                _put(ws, st, row, col[L.actual_header(year)], None, locked=True)
                _put(ws, st, row, col[L.STATUS], actual.status if actual else None)
                _put(ws, st, row, col[L.NOTE], actual.note if actual else None)
            row += 1
    from openpyxl.utils import get_column_letter

    last = max(row - 1, L.FIRST_ROW)
    status = get_column_letter(col[L.STATUS])
    _list(
        ws,
        list(L.STATUSES),
        f"{status}{L.FIRST_ROW}:{status}{last}",
        "定性目标：完成、部分完成或未完成",
    )
    done = get_column_letter(col[L.actual_header(year)])
    _decimal(ws, f"{done}{L.FIRST_ROW}:{done}{last}", "完成值")
    _columns(ws, headers)
    ws.column_dimensions[get_column_letter(col[L.expected_header(year)])].width = 10
    ws.column_dimensions[get_column_letter(col[L.actual_header(year)])].width = 11
    _fit_rows(ws, L.FIRST_ROW, last)
    _core(wb, f"{book.unit}{year}年度任期目标完成情况（填写表）", spec.school)
    _identity(wb, _props(spec))
    _page(ws, landscape=True, header_row=3)
    return wb


def _expected(value: float) -> Number:
    """The expected value of a year as a number shown with at most two decimals."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return Number(int(rounded), str(int(rounded)))
    return Number(rounded, f"{rounded:.2f}".rstrip("0"))


# --- which forms a command writes -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Written:
    """A form written: for which unit, where."""

    unit: str
    path: str


def specs_for(
    root: Any,
    units: Sequence[str],
    *,
    config: Any,
    kind: str | None = None,
    year: int | None = None,
) -> list[FormSpec]:
    """The forms of `units` (every unit with a book or in ankao.yaml when empty)."""
    from ankao.errors import AnkaoError
    from ankao.repository import scan

    repo = scan(root, config=config)
    books = {b.unit: b for b in repo.books}
    wanted = list(units) or sorted({*books, *config.units})
    if not wanted:
        raise AnkaoError("仓库中没有任务书，ankao.yaml 的 units 中也没有单位：请写明单位名称")
    out = []
    for unit in wanted:
        book = books.get(unit)
        if book is None:
            if year is not None:
                repo.book(unit)  # the usual message: missing, broken, twinned
            repo_kind = kind or config.units.get(unit)
            try:
                repo.book(unit)
            except AnkaoError as exc:
                if "有错误" in str(exc) or "本任务书" in str(exc):
                    raise
            if repo_kind not in ("office", "teaching"):
                raise AnkaoError(
                    f"单位“{unit}”还没有任务书：生成空白表格请用 --kind teaching（教学单位）或 --kind office（机关、教学辅助机构）"
                )
            start, end = config.term or _default_term()
            out.append(FormSpec(unit, repo_kind, Term(start, end), None, None, config.school))
        else:
            if year is not None and not book.term.start <= year <= book.term.end:
                raise AnkaoError(
                    f"{year} 年不在{unit}的任期（{book.term.start}—{book.term.end}年）内"
                )
            out.append(FormSpec(unit, book.kind, book.term, book, year, config.school))
    return out


def _default_term() -> tuple[int, int]:
    import datetime as dt

    year = dt.date.today().year
    return year, year + 3


def write_forms(
    specs: Sequence[FormSpec], output: Any, *, folder: bool, force: bool
) -> list[Written]:
    """Write each form: to `output` itself (one form), or into the folder `output` (safe names)."""
    from pathlib import Path

    from ankao.errors import AnkaoError
    from ankao.files import make_folder, safe_filename, write_bytes

    out_path = Path(output)
    targets: list[tuple[FormSpec, Path]] = []
    if folder:
        make_folder(out_path)
        for spec in specs:
            name = L.form_name(spec.unit, spec.document, spec.year)
            targets.append((spec, out_path / safe_filename(name.removesuffix(".xlsx"), ".xlsx")))
    else:
        if out_path.suffix.lower() != ".xlsx":
            raise AnkaoError(f"-o 应为 .xlsx 文件：{output}（多个单位用 --all -o 文件夹/）")
        targets.append((specs[0], out_path))
    for _, path in targets:
        if path.exists() and not force:
            raise AnkaoError(f"文件已存在，没有覆盖：{path}（加 --force 覆盖）")
    written = []
    for spec, path in targets:
        if not folder:
            make_folder(path.parent)
        write_bytes(path, form_bytes(spec), overwrite=force)
        written.append(Written(spec.unit, str(path)))
    return written
