"""A filled form as read: what it holds (`Form`), the cell of every value (`Place`), and its
sheets' cells read as text or figures (`Sheet`), every problem at its cell.

Values are read, never formulas (a formula cell is refused at its cell). A figure
typed as text, or in full-width digits (１２), is read as the number it spells,
with a warning; a per-cent cell (Excel keeps 91.5% as 0.915) is read in per
cent where the metric's unit is %. Columns are found by their header text, in
any of a sheet's first three rows: a unit may reorder, hide or widen columns.
`Form.places` says where each value came from, so that a problem found later
(the schema, a conflict) is still reported at its cell:
`文学院-任务书.xlsx › 党建工作目标!G7`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ankao.findings import Finding, Severity
from ankao.forms import layout as L
from ankao.load.identity import Identity

_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")


@dataclass(frozen=True, slots=True)
class Place:
    """A cell of a form: its sheet, row and column (1-based)."""

    sheet: str
    row: int
    column: int

    @property
    def ref(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        return f"{self.sheet}!{self.ref}"


@dataclass(slots=True)
class Form:
    """What a form holds: its identity, its data in the book's shape, where each value was, findings."""

    file: str
    document: str
    identity: Identity | None
    unit: str
    kind: str | None = None
    year: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    """A task-book form: unit, kind, term, profile, members, goals (overall and each section's
    targets, in row order). An actuals form: `actuals` {id: number, {status, note} or None}."""
    places: dict[tuple[Any, ...], Place] = field(default_factory=dict)
    """Where each value came from: ("target", id, field), ("member", i, field), ("basics", item)."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def fingerprint(self) -> str | None:
        """The fingerprint of the book the form was made from (None for a new unit's form)."""
        if self.identity is None or not self.identity.fingerprints:
            return None
        return self.identity.fingerprints[0]

    def at(
        self, place: Place | None, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> Finding:
        """A finding at a cell (at the workbook itself when `place` is None)."""
        if place is None:
            return Finding(self.file, 1, 1, "", code, severity, message)
        return Finding(self.file, place.row, place.column, str(place), code, severity, message)

    def add(
        self, place: Place | None, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        self.findings.append(self.at(place, code, message, severity))


class Sheet:
    """One sheet: its header row, its columns by header text, and typed reading of its cells."""

    def __init__(self, form: Form, ws: Any, required: tuple[str, ...]) -> None:
        self.form, self.ws, self.title = form, ws, ws.title
        self.header_row = 0
        self.columns: dict[str, int] = {}
        for row in range(1, L.HEADER_ROWS + 1):
            texts = {
                cell_text(ws.cell(row=row, column=c).value): c for c in range(1, ws.max_column + 1)
            }
            if all(r in texts for r in required):
                self.header_row = row
                self.columns = {t: c for t, c in texts.items() if t}
                break

    @property
    def found(self) -> bool:
        return self.header_row > 0

    def rows(self) -> range:
        return range(self.header_row + 1, self.ws.max_row + 1)

    def place(self, row: int, column: int) -> Place:
        return Place(self.title, row, column)

    def raw(self, row: int, name: str) -> tuple[Any, Place | None]:
        """A cell's value under the header `name` (None where the column is missing); a formula is refused."""
        column = self.columns.get(name)
        if column is None:
            return None, None
        cell = self.ws.cell(row=row, column=column)
        place = self.place(row, column)
        if cell.data_type == "f":
            self.form.add(
                place,
                "form-formula",
                f"{name}是公式（{short(str(cell.value))}），ankao 只读数值：请改为直接填写数值或文字",
            )
            return None, place
        return cell.value, place

    def text(self, row: int, name: str) -> tuple[str | None, Place | None]:
        value, place = self.raw(row, name)
        return cell_text(value) or None, place

    def number(
        self, row: int, name: str, *, percent: bool = False
    ) -> tuple[int | float | None, Place | None]:
        """A figure: a number, or text that spells one (a warning); per cent where `percent`."""
        value, place = self.raw(row, name)
        column = self.columns.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, place
        if isinstance(value, (bool, dt.date, dt.datetime, dt.time)):
            self.form.add(place, "form-number", f"{name}应填写数字，这里是“{short(str(value))}”")
            return None, place
        if isinstance(value, (int, float)):
            assert column is not None
            fmt = str(self.ws.cell(row=row, column=column).number_format or "")
            if percent and "%" in fmt:
                value = value * 100
            return tidy(value), place
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        had_percent = text.endswith("%")
        text = text.rstrip("%").strip()
        if not _NUMBER.match(text):
            self.form.add(
                place,
                "form-number",
                f"{name}应填写数字（不加单位或文字），这里是“{short(str(value))}”",
            )
            return None, place
        number = float(text) if re.search(r"[.eE]", text) else int(text)
        if had_percent and not percent:
            number = number / 100
        self.form.add(
            place,
            "form-number-text",
            f"{name}“{short(str(value))}”是文字（全角数字或文本格式的数字），已按数字 {tidy(number)} 读入",
            Severity.WARNING,
        )
        return tidy(number), place


def cell_text(value: Any) -> str:
    """A cell's text: strings trimmed with LF line ends; numbers as written (12, not 12.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    return text.strip()


def tidy(value: int | float) -> int | float:
    """Integral floats as ints, and Excel's binary noise (91.49999999) rounded away."""
    if isinstance(value, float):
        value = round(value, 9)
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
