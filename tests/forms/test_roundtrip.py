"""Round trips: LibreOffice re-saving a form (as WPS would), and Hypothesis on generated books."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from conftest import soffice_convert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankao.forms import layout as L
from ankao.forms.apply import apply_parts
from ankao.forms.cells import Form
from ankao.forms.merge import merge, parts_of
from ankao.forms.read import read_taskbook
from ankao.forms.spec import FormSpec
from ankao.forms.write import form_bytes
from ankao.forms.yamledit import edit
from ankao.load.config import Config
from ankao.load.document import Document, load_bytes
from ankao.repository.checking import Settings, check_document
from tests.forms.helpers import BOOK, changed_lines, cli, make_form, row_of, set_cells


@pytest.mark.soffice
def test_libreoffice_resave_untouched_then_one_cell(repo: Path, tmp_path: Path) -> None:
    before = (repo / BOOK).read_text(encoding="utf-8")
    form = make_form(repo)
    saved = soffice_convert(form, "xlsx", tmp_path / "lo1")
    result = cli("intake", str(saved), "--format", "json")
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.output)["intake"][0]["written"] is None
    )  # identity kept, nothing changed
    assert (repo / BOOK).read_text(encoding="utf-8") == before
    # the unit edits one cell in the re-saved file, and saves it again
    row = row_of(saved, "党建工作目标", "DJ-01")
    set_cells(saved, "党建工作目标", {f"F{row}": 9})
    again = soffice_convert(saved, "xlsx", tmp_path / "lo2")
    result = cli("intake", str(again))
    assert result.exit_code == 0, result.output
    assert changed_lines(before, (repo / BOOK).read_text(encoding="utf-8")) == [
        ("        baseline: 8", "        baseline: 9")
    ]


# --- Hypothesis: generated books ------------------------------------------------------------

_TEXT = (
    st.text(
        alphabet=st.sampled_from(
            list("建设课程教学科研学生党员目标完成率提高ABCxyz0123456789 ：，。“”'\"#-:%")
        ),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)


def _scalar(text: str) -> str:
    from ankao.load.yamlwrite import yaml_scalar

    return yaml_scalar(text)


@st.composite
def _number(draw: st.DrawFn) -> str:
    whole = draw(st.integers(min_value=0, max_value=500))
    decimals = draw(st.sampled_from(["", ".5", ".50", ".25", ".0"]))
    return f"{whole}{decimals}"


@st.composite
def books(draw: st.DrawFn) -> str:
    """A task book's YAML text: the office's style, with comments, numbers as written, odd texts."""
    lines = [
        "# 生成的任务书",
        "schema_version: 1",
        "kind: office",
        "unit: 测试处",
        "term:",
        "  start: 2024",
        "  end: 2026",
        "",
        "members:",
    ]
    names = draw(
        st.lists(
            st.sampled_from(["张某", "李某", "王某", "赵某"]), min_size=1, max_size=3, unique=True
        )
    )
    for i, name in enumerate(names):
        principal = {0: "  principal: both"}.get(i)
        lines += [
            f"  - name: {name}",
            f"    post: {_scalar(draw(_TEXT))}",
            f"    duties: {_scalar(draw(_TEXT))}",
        ]
        if principal:
            lines.append(f"  {principal}")
    lines += ["", "goals:", f"  overall: {_scalar(draw(_TEXT))}  # 总体目标"]
    counter = 0
    for key in ("party_building", "business", "institutions", "service_commitment", "other"):
        count = draw(st.integers(min_value=0 if key == "other" else 1, max_value=3))
        if not count:
            lines.append(f"  {key}: []")
            continue
        lines.append(f"  {key}:")
        for _ in range(count):
            counter += 1
            lines.append(f"    - id: T-{counter:02d}")
            if key == "party_building":
                lines.append("      aspect: 作风建设")
            lines.append(f"      content: {_scalar(draw(_TEXT))}")
            if draw(st.booleans()):
                base, goal = draw(_number()), draw(_number())
                lines += [
                    "      metric:",
                    f"        name: {_scalar(draw(_TEXT))}",
                    f"        unit: {_scalar(draw(st.sampled_from(['个', '项', '%', '万元'])))}",
                    f"        baseline: {base}",
                    f"        target: {goal}",
                ]
                if draw(st.booleans()):
                    lines.append(f"        milestones: {{2025: {draw(_number())}}}")
            else:
                lines.append(f"      criteria: {_scalar(draw(_TEXT))}")
            if draw(st.booleans()):
                lines.append(f"      owner: {names[0]}  # 责任人")
        lines.append("")
    return "\n".join(lines) + "\n"


def _book(text: str) -> tuple[object, object]:
    doc = load_bytes(text.encode("utf-8"), Document("测试处.yaml"))
    result = check_document(doc, "taskbook", Settings(config=Config(), models=True))
    assert result.book is not None, [f.message for f in result.findings]
    return doc.data, result.book


def _read_form(data: bytes) -> Form:
    from ankao.load.identity import identity_of
    from ankao.load.xlsxsafe import custom_properties, open_workbook

    identity = identity_of(custom_properties(data))
    assert identity is not None
    form = Form("测试处.xlsx", L.TASKBOOK, identity, "测试处", kind="office")
    read_taskbook(form, open_workbook(data, "测试处.xlsx"))
    return form


def _intake(text: str, data: object, form: Form) -> str:
    current = parts_of(data, "office")  # type: ignore[arg-type]
    merged = merge(current, current, parts_of(form.data, "office"))
    if not merged.changed:
        return text
    order = [t["id"] for k, v in form.data["goals"].items() if k != "overall" for t in v]
    return edit(text, lambda doc: apply_parts(doc, "office", merged.parts, merged.changed, order))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(), st.data())
def test_generated_books_round_trip(text: str, choice: st.DataObject) -> None:
    data, book = _book(text)
    workbook = form_bytes(FormSpec("测试处", "office", book.term, book))  # type: ignore[attr-defined]
    form = _read_form(workbook)
    assert not [f for f in form.findings if f.severity.value == "error"], form.findings
    assert _intake(text, data, form) == text  # untouched: byte for byte
    # one edited cell: one changed line
    targets = [t for t in book.targets if t.metric is not None]  # type: ignore[attr-defined]
    wb = openpyxl.load_workbook(io.BytesIO(workbook))
    if targets:
        target = choice.draw(st.sampled_from(targets))
        ws = wb[next(s.title for s in book.sections if s.key == target.section)]  # type: ignore[attr-defined]
        column, field = 7, "target"
        new = float(target.metric.target.value) + 1
    else:
        target = choice.draw(st.sampled_from(book.targets))  # type: ignore[attr-defined]
        ws = wb[next(s.title for s in book.sections if s.key == target.section)]  # type: ignore[attr-defined]
        column, field, new = 3, "content", "改写后的目标内容"
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=1).value == target.id)
    ws.cell(row=row, column=column).value = new
    out = io.BytesIO()
    wb.save(out)
    edited = _intake(text, data, _read_form(out.getvalue()))
    lines = changed_lines(text, edited)
    assert len(lines) == 1 and lines[0][1].strip().startswith(f"{field}:"), lines


def test_intake_of_generated_book_keeps_comments() -> None:
    text = "# 注释\nschema_version: 1  # 行尾注释\n"
    assert edit(text, lambda doc: None) == text
