"""What a form is made from (`FormSpec`), the identity it carries, and its 填写说明 sheet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ankao.forms import layout as L
from ankao.forms.sheets import (
    Styles,
    fit_rows,
    heading,
    set_page,
)
from ankao.model.book import TaskBook, Term


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


def props(spec: FormSpec) -> dict[str, str]:
    from ankao.render.identity import properties, term_text

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


def guide(ws: Any, st: Styles, spec: FormSpec) -> None:
    from openpyxl.styles import Alignment

    lines: tuple[str, ...] = _GUIDE_LINES if spec.year is None else ACTUALS_GUIDE
    what = "任期目标任务书" if spec.year is None else f"{spec.year}年度任期目标完成情况"
    heading(ws, st, f"{spec.unit}{what}填写说明", 1)
    for row, text in enumerate(lines, start=3):
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = st.body_font
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.column_dimensions["A"].width = 80
    fit_rows(ws, 3, 2 + len(lines))
    set_page(ws, landscape=False, header_row=None)


ACTUALS_GUIDE = (
    "一、本表由 ankao 生成，填好后原样发回领导小组办公室，办公室用 ankao intake 读入。",
    "二、可以用 Excel 或 WPS 表格填写、保存（保存为 .xlsx）；不要改工作表的名称和表头。",
    "三、定量目标在“完成值”中填写本年度实际达到的数值（只填数字，百分比填 91.5）；定性目标在“状态”中选择完成、部分完成或未完成，并在“说明”中写明情况。",
    "四、灰色底纹的单元格是任务书的内容，不能修改；“应达”是按年度进度（没有年度进度时按基数到目标值的直线）计算的本年度应达到的数值。",
    "五、单元格中只填数值和文字，不要填公式。",
)


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
