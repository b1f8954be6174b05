"""Building a book's model: milestones however they are written, numbers as written, lines."""

from __future__ import annotations

import pytest

from ankao.load.document import Document, load_bytes
from ankao.model.book import Number
from ankao.model.build import from_document

BOOK = """\
schema_version: 1
kind: office
unit: 测试处
term: {start: 2024, end: 2027}
members:
  - {name: 张三, post: 处长, duties: 全面, principal: both}
goals:
  overall: 总体
  party_building:
    - id: DJ-01
      aspect: 政治思想建设
      content: 提高到 12.50
      metric:
        name: 比例
        unit: "%"
        baseline: 10.00
        target: 12.50
        milestones:
MILESTONES
      actuals:
        2024: 10.60
"""


def milestones(lines: str) -> dict[int, tuple[float, str]]:
    doc = load_bytes(BOOK.replace("MILESTONES\n", lines).encode("utf-8"), Document("b.yaml"))
    assert doc.loaded, doc.findings
    metric = from_document(doc).targets[0].metric
    assert metric is not None
    return {year: (n.value, n.text) for year, n in metric.milestones.items()}


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "          2024: 10.50\n          2025: 11.0\n",
            {2024: (10.5, "10.50"), 2025: (11.0, "11.0")},
        ),
        # a repeated year keeps the last (as YAML reads it); years come out in year order
        (
            "          2025: 11.0\n          2024: 10.50\n          2024: 10.70\n",
            {2024: (10.7, "10.70"), 2025: (11.0, "11.0")},
        ),
        # a merge fills in what is not written
        (
            "          <<: {2026: 12.00}\n          2024: 10.50\n",
            {2024: (10.5, "10.50"), 2026: (12.0, "12.00")},
        ),
        # what is not a number, or not under a year, is no milestone
        (
            "          2024: '10.5'\n          2025:\n          x2026: 3\n          2027: 12.5\n",
            {2027: (12.5, "12.5")},
        ),
        (
            "          2024: true\n          2025: 0x0B\n          2026: 1.2e1\n",
            {2025: (11, "0x0B"), 2026: (12.0, "1.2e1")},
        ),
    ],
)
def test_milestones_however_written(lines: str, expected: dict[int, tuple[float, str]]) -> None:
    assert milestones(lines) == expected
    assert list(milestones(lines)) == sorted(expected)


def test_numbers_keep_their_text_and_targets_their_lines() -> None:
    doc = load_bytes(
        BOOK.replace("MILESTONES\n", "          2027: 12.50\n").encode("utf-8"), Document("b.yaml")
    )
    book = from_document(doc)
    (target,) = book.targets
    assert target.metric is not None
    assert target.metric.baseline == Number(10.0, "10.00") and str(target.metric.target) == "12.50"
    assert target.actuals[2024].value == Number(10.6, "10.60")
    assert (
        target.line == 10 and target.lines["metric.target"] == 17 and target.lines["actuals"] == 20
    )
    assert book.members[0].line == 6 and book.sections[0].line == 9 and book.unit_line == 3


def test_a_target_merging_shared_fields_takes_their_lines_from_where_they_are_written() -> None:
    text = BOOK.replace("MILESTONES\n", "          2027: 12.50\n").replace(
        "    - id: DJ-01\n",
        "    - &shared {id: DJ-00, content: 共用, criteria: 每年检查, owner: 张三}\n"
        "    - <<: *shared\n      id: DJ-01\n",
    )
    doc = load_bytes(text.encode("utf-8"), Document("b.yaml"))
    assert doc.loaded, doc.findings
    shared, merged = from_document(doc).targets
    assert merged.id == "DJ-01" and merged.owner == "张三" and merged.criteria == "每年检查"
    assert merged.lines["owner"] == merged.lines["criteria"] == shared.line == 10
    assert merged.lines["id"] == 12 and merged.metric is not None
    assert merged.lines["metric.target"] == 19


@pytest.mark.parametrize("cls", ["Number", "Metric", "Target", "Member", "BookOutline"])
def test_positional_constructor_equals_the_dataclass_one(cls: str) -> None:
    """The builder's constructors set the slots directly: the object is the same, still frozen."""
    import dataclasses

    import ankao.model.book as model
    from ankao.slots import positional

    kind = getattr(model, cls)
    values = [f"v{i}" for i, _ in enumerate(dataclasses.fields(kind))]
    made = positional(kind)(*values)
    assert type(made) is kind
    assert made == kind(*values)
    assert repr(made) == repr(kind(*values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(dataclasses.fields(kind)[0].name, "x")
    with pytest.raises(TypeError):
        positional(kind)(*values[:-1])  # every field, positionally


def test_positional_refuses_a_class_that_checks_in_post_init() -> None:
    from dataclasses import dataclass

    from ankao.slots import positional

    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            assert self.value > 0

    with pytest.raises(TypeError, match="__post_init__"):
        positional(Checked)
