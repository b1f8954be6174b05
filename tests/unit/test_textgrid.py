"""The plain table of many rows: aligned by display width, boxed like rich, safe to print."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from ankao.reporters.textgrid import print_grid


def _render(encoding: str = "utf-8") -> list[str]:
    stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace")
    out = Console(file=stream, width=80, markup=False, highlight=False, soft_wrap=True)
    print_grid(
        out,
        "目标统计（2 本任务书）",
        ("任务书", "目标数"),
        [("taskbooks/文学院.yaml", "7"), ("a\x1b[31mb.yaml", "12")],
        ("合计", "19"),
        right=(False, True),
    )
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode(encoding, errors="replace").splitlines()


def test_every_line_has_the_same_display_width_and_numbers_align_right() -> None:
    lines = _render()
    assert lines[0] == "目标统计（2 本任务书）"
    table = lines[1:]
    assert len({cell_len(line) for line in table}) == 1, table
    assert table[0].startswith("┏") and table[-1].startswith("└")
    assert table[1] == "┃ 任务书" + " " * 16 + "┃ 目标数 ┃"
    assert table[3] == "│ taskbooks/文学院.yaml │      7 │"
    assert table[4] == "│ ab.yaml" + " " * 15 + "│     12 │"  # the escape sequence is removed
    assert table[-2] == "│ 合计" + " " * 18 + "│     19 │"


def test_a_console_that_cannot_draw_boxes_gets_ascii() -> None:
    lines = _render("ascii")
    assert lines[1].startswith("+") and lines[-1].startswith("+")
    assert all(
        set(line) <= set(" -+|?abcdefghijklmnopqrstuvwxyz./0123456789") for line in lines[1:]
    )


def test_a_table_wider_than_the_terminal_folds_its_long_cells() -> None:
    stream = io.StringIO()
    out = Console(file=stream, width=40, markup=False, highlight=False, soft_wrap=True)
    name = "taskbooks/" + "很长的单位名称" * 4 + ".yaml"
    print_grid(
        out, "目标统计", ("任务书", "目标数"), [(name, "7")], ("合计", "7"), right=(False, True)
    )
    lines = stream.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 40
    first_cells = [line.split("│")[1].strip() for line in lines if line.startswith("│")]
    assert name in "".join(first_cells)  # folded over several lines, nothing cut


@given(st.text(alphabet=st.characters(codec="utf-8")))
@settings(max_examples=300)
def test_a_printable_text_is_what_the_terminal_cleaning_leaves_alone(text: str) -> None:
    """`clean_terminal` returns a printable text as it is (the common case, without the
    search): that must be what the search would have left too."""
    from ankao.load.names import _TERMINAL, clean_terminal

    assert clean_terminal(text) == _TERMINAL.sub("", text)
    for control in ("\x1b[31m", "\x9b1m", "\u202e", "\x07", "\t"):
        mixed = text + control + "文学院"
        assert clean_terminal(mixed) == _TERMINAL.sub("", mixed)
