"""`ankao.forms.yamledit`, `merge` and `xlsxsafe`: minimal edits, the merge by part, refusals by size."""

from __future__ import annotations

import io
import zipfile

import pytest

from ankao.errors import AnkaoError
from ankao.forms.merge import merge, same
from ankao.forms.yamledit import EditError, edit, three_way
from ankao.load.xlsxsafe import check_bytes

TEXT = """# 注释
a: 1   # 行尾注释
b:
- x: 1
  y: 'q'
- x: 2.50
c: {k: 1, j: 2}
d: "\\x0b"
"""


def _set(path: tuple[object, ...], value: object):  # type: ignore[no-untyped-def]
    def change(doc):  # type: ignore[no-untyped-def]
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


def test_untouched_is_byte_identical() -> None:
    assert edit(TEXT, lambda doc: None) == TEXT


def test_one_value_one_line_in_an_unusual_indentation() -> None:
    out = edit(TEXT, _set(("b", 0, "x"), 5))
    assert out == TEXT.replace("- x: 1\n", "- x: 5\n")


def test_flow_mapping_value() -> None:
    assert edit(TEXT, _set(("c", "j"), 3)) == TEXT.replace("j: 2}", "j: 3}")


def test_a_line_ruamel_spells_otherwise_is_still_placed() -> None:
    # ruamel writes "\x0b" as "\v": the changed line is placed between the lines around it
    assert edit(TEXT, _set(("d",), "新")) == TEXT.replace('d: "\\x0b"', 'd: "新"')


def test_number_text_of_untouched_values_kept() -> None:
    out = edit(TEXT, _set(("a",), 2))
    assert "x: 2.50" in out and out.count("\n") == TEXT.count("\n")


def test_three_way_refuses_what_it_cannot_place() -> None:
    assert three_way("a\nb\n", "A\nB\n", "A\nC\n") is None
    assert three_way("a\nb\n", "a\nb\n", "a\nc\n") == "a\nc\n"


def test_unreadable_yaml_is_an_edit_error() -> None:
    with pytest.raises(EditError):
        edit("a: [\n", lambda doc: None)


def test_merge_by_part() -> None:
    base = {
        "term": {"start": 2024, "end": 2027},
        "target:A": {"content": "x"},
        "target:B": {"content": "y"},
    }
    office = {**base, "target:A": {"content": "x2"}}
    form = {**base, "target:B": {"content": "y2"}}
    merged = merge(base, office, form)
    assert merged.parts["target:A"] == {"content": "x2"} and merged.parts["target:B"] == {
        "content": "y2"
    }
    assert merged.changed == ["target:B"] and merged.office == ["target:A"] and not merged.conflicts
    clash = merge(base, office, {**base, "target:A": {"content": "x3"}})
    assert clash.conflicts == ["target:A"] and clash.parts["target:A"] == {"content": "x2"}
    forced = merge(base, office, {**base, "target:A": {"content": "x3"}}, force=True)
    assert forced.parts["target:A"] == {"content": "x3"}
    # both made the same change: no conflict
    assert not merge(base, office, office).conflicts
    # removed by the form
    gone = merge(base, base, {k: v for k, v in base.items() if k != "target:B"})
    assert "target:B" not in gone.parts and gone.changed == ["target:B"]


def test_same_compares_by_meaning() -> None:
    assert same({"baseline": 150.50}, {"baseline": 150.5})
    assert same({"metric": {"direction": "increase", "target": 3}}, {"metric": {"target": 3}})
    assert same({"aspect": "作风建设"}, {"aspect": ["作风建设"]})
    assert same(" 文字\n", "文字")
    assert not same({"target": 3}, {"target": 4})


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_xlsxsafe_refuses_by_size_and_kind() -> None:
    with pytest.raises(AnkaoError, match="另存为"):
        check_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.xlsx")
    with pytest.raises(AnkaoError, match="密码"):
        check_bytes(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "x.xlsx"
        )
    with pytest.raises(AnkaoError, match="不是有效的 Excel"):
        check_bytes(b"PK not really", "x.xlsx")
    with pytest.raises(AnkaoError, match="超过上限"):
        check_bytes(_zip({"xl/worksheets/sheet1.xml": b"a" * (9 * 1024 * 1024)}), "x.xlsx")
    big = b'<worksheet><dimension ref="A1:Z9000"/></worksheet>'
    with pytest.raises(AnkaoError, match="9000 行"):
        check_bytes(_zip({"xl/worksheets/sheet1.xml": big}), "x.xlsx")
    check_bytes(
        _zip({"xl/worksheets/sheet1.xml": b'<worksheet><dimension ref="A1:N60"/></worksheet>'}),
        "x.xlsx",
    )
