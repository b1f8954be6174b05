"""The workbook layout of SPEC §9: sheet names, header texts and the labels of every cell.

One place names what a form holds, so that writing a form (`ankao.forms.write`)
and reading it back (`ankao.forms.read`) cannot drift apart: the reader finds
each sheet by its name and each column by its header text, never by position,
so a unit may widen, hide or reorder columns and a re-save by WPS or
LibreOffice changes nothing.
"""

from __future__ import annotations

import re

TASKBOOK = "form-taskbook"
ACTUALS = "form-actuals"
DOCUMENTS = (TASKBOOK, ACTUALS)
"""The values of `ankao.document` a form carries."""

GUIDE = "填写说明"
BASICS = "基本情况"
MEMBERS = "班子成员"
ACTUALS_SHEET = "完成情况"

# 基本情况: 项目 | 内容, one row per item (found by the label in 项目)
ITEM, VALUE = "项目", "内容"
UNIT, KIND, START, END, PROFILE, OVERALL = (
    "单位",
    "类别",
    "任期开始",
    "任期结束",
    "本单位自然情况",
    "任期总体目标",
)
BASIC_ITEMS = (UNIT, KIND, START, END, PROFILE, OVERALL)

# 班子成员
NAME, POST, DUTIES, PRINCIPAL = "姓名", "职务", "分工", "主要负责人"
MEMBER_HEADERS = (NAME, POST, DUTIES, PRINCIPAL)
PRINCIPALS = {"party": "党组织主要负责人", "admin": "行政主要负责人", "both": "党政主要负责人"}
"""The drop-down words of 主要负责人 for each `principal`."""

# a section's sheet
ID, ASPECT, CONTENT = "编号", "方面", "目标内容"
METRIC_NAME, METRIC_UNIT, BASELINE, TARGET, DIRECTION = (
    "指标名称",
    "计量单位",
    "基数",
    "目标值",
    "方向",
)
CRITERIA, OWNER = "验收标准", "责任人"
YEAR_HEADER = re.compile(r"^\s*((?:19|20|21)\d\d)\s*年")
"""A year column's header: `2025年进度` (the 年度进度 of that year)."""


def year_header(year: int) -> str:
    """The header of a year's 年度进度 column."""
    return f"{year}年进度"


def section_headers(years: list[int]) -> list[str]:
    """The header row of a section's sheet for a term of `years`."""
    return [
        ID,
        ASPECT,
        CONTENT,
        METRIC_NAME,
        METRIC_UNIT,
        BASELINE,
        TARGET,
        DIRECTION,
        *(year_header(y) for y in years),
        CRITERIA,
        OWNER,
    ]


# 完成情况 (an --actuals form)
PART = "部分"
STATUS, NOTE = "状态", "说明"
STATUSES = ("完成", "部分完成", "未完成")


def expected_header(year: int) -> str:
    return f"{year}年应达"


def actual_header(year: int) -> str:
    return f"{year}年完成值"


def actuals_headers(year: int) -> list[str]:
    """The header row of 完成情况 for `year`."""
    return [
        ID,
        PART,
        CONTENT,
        METRIC_NAME,
        METRIC_UNIT,
        BASELINE,
        TARGET,
        expected_header(year),
        actual_header(year),
        STATUS,
        NOTE,
    ]


HEADER_ROWS = 3
"""A sheet's header row is one of its first three rows."""
FIRST_ROW = 4
"""The first target row of a section's sheet as ankao writes it (title, hint, header)."""
SPARE_ROWS = 20
"""Empty, unlocked rows written below a section's targets for new ones."""
MAX_ROWS = 5000
MAX_COLUMNS = 200
"""A sheet larger than this is no form: refused before its cells are read."""

LIST_SEPARATORS = re.compile(r"\s*[、,，;；/]\s*")
"""How several aspects are written in one cell: 政治思想建设、作风建设."""


def join_aspects(aspects: list[str] | tuple[str, ...]) -> str:
    return "、".join(aspects)


def form_name(unit: str, document: str, year: int | None = None) -> str:
    """The file name of a unit's form (before making it safe): 文学院-任务书.xlsx."""
    if document == ACTUALS:
        return f"{unit}-{year}年完成情况.xlsx"
    return f"{unit}-任务书.xlsx"
