"""The order and numbering of a task book's Word document (render/taskbook), where mutations survived."""

from __future__ import annotations

import pytest

from ankao.formatting import numeral
from ankao.load.document import load_text
from ankao.model.build import from_document
from ankao.render.taskbook import group_targets

BOOK = """\
schema_version: 1
kind: office
unit: 图书馆
term: {start: 2024, end: 2027}
members:
  - {name: 李某, post: 馆长, duties: 主持全面工作, principal: both}
goals:
  overall: 建设智慧图书馆。
  party_building:
    - {id: DJ-01, aspect: 其他, content: 其他工作, criteria: 2025年底前完成}
    - {id: DJ-02, aspect: 作风建设, content: 作风建设, criteria: 2025年底前出台制度}
    - {id: DJ-03, aspect: 读书会, content: 读书会, criteria: 每年四次}
    - {id: DJ-04, aspect: 政治思想建设, content: 理论学习, criteria: 每月一次}
    - {id: DJ-05, content: 无方面的目标, criteria: 每年一次}
  business:
    - {id: YW-01, content: 延长开馆时间, criteria: 2025年底前}
  institutions: []
  service_commitment: []
  other: []
"""


def test_aspects_in_the_seeds_order_then_the_others_and_other_last() -> None:
    doc = load_text(BOOK, "taskbooks/图书馆.yaml")
    assert doc.data is not None, doc.findings
    book = from_document(doc)
    section = next(s for s in book.sections if s.key == "party_building")
    order = [aspect for aspect, _ in group_targets("office", section)]
    # 其他 comes first in the book but last in the document (附件(一): 其他 closes the list)
    assert order == [None, "政治思想建设", "作风建设", "读书会", "其他"]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
    ],
)
def test_chinese_numerals_past_ten(n: int, text: str) -> None:
    """The one numeral writer every document uses (section headings, notice, report)."""
    assert numeral(n) == text
