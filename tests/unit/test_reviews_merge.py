"""Merging a round's comments: folding, kinds, book order; order-independent, idempotent, lossless."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ankao.model.build import build
from ankao.model.refs import index_book, known_refs
from ankao.reviews.merge import MUST, SUGGEST, Opinion, comment, merge, natural

BOOK = {
    "kind": "teaching",
    "unit": "文学院",
    "term": {"start": 2024, "end": 2027},
    "members": [{"name": "张某", "post": "院长", "duties": "全面工作"}],
    "goals": {
        "overall": "建成特色鲜明的一流学院",
        "party_building": [{"id": "DJ-01", "aspect": "党支部建设", "content": "样板支部"}],
        "teaching": [
            {"id": "JX-02", "content": "专业认证"},
            {"id": "JX-01", "content": "一流课程"},
        ],
        "research": [{"id": "KY-01", "content": "科研经费"}],
        "other": [],
    },
}
INDEX = index_book(build(BOOK, None, "book.yaml", "book.yaml"))


def position(ref: str) -> int:
    return INDEX.place(ref).position


def test_book_order_general_parts_then_sections_with_their_targets_in_file_order() -> None:
    refs = [ref for ref, _ in sorted(INDEX.places.items(), key=lambda kv: kv[1].position)]
    assert refs[:4] == ["general", "profile", "members", "goals"]
    assert refs[4:9] == [
        "goals.overall",
        "goals.party_building",
        "DJ-01",
        "goals.teaching",
        "JX-02",
    ]
    assert refs[9:12] == ["JX-01", "goals.research", "KY-01"]
    assert INDEX.place("JX-01").section == "teaching"
    assert INDEX.place("JX-01").content == "一流课程"
    assert not INDEX.place("JX-99").known
    assert INDEX.place("JX-99").position > INDEX.place("goals.other").position


def test_office_book_has_no_profile() -> None:
    office = index_book(
        build(
            {
                "kind": "office",
                "unit": "办公室",
                "term": {"start": 2024, "end": 2027},
                "goals": {"business": [{"id": "YW-01", "content": "x"}]},
            },
            None,
            "b",
            "b",
        )
    )
    assert not office.place("profile").known
    assert office.place("goals.business").known
    assert office.is_target("YW-01") and not office.is_target("goals.business")


def test_known_refs_of_an_outline_are_the_refs_of_the_books_index() -> None:
    from pathlib import Path

    from ankao.repository.scan import scan

    examples = Path(__file__).resolve().parents[2] / "examples"
    books = scan(examples).books
    assert {b.kind for b in books} == {"teaching", "office"}
    for book in [*books, build(BOOK, None, "book.yaml", "book.yaml")]:
        assert known_refs(book.outline) == set(index_book(book).places), book.unit


def test_identical_opinions_fold_whatever_the_kind_and_take_the_stronger() -> None:
    ops = [
        comment(
            ref="general", text="请注明统计口径。 ", reviewer="科技处", ident="科技处-4", kind=MUST
        ),
        comment(
            ref="general",
            text="  请注明统计口径。",
            reviewer="人事处",
            ident="人事处-4",
            kind=SUGGEST,
        ),
        comment(ref="JX-01", text="请注明统计口径。", reviewer="教务处", ident="教务处-1"),
    ]
    out = merge(ops, position)
    assert [(o.ref, o.kind, o.reviewers, o.ids) for o in out] == [
        ("general", MUST, ("科技处", "人事处"), ("人事处-4", "科技处-4")),
        ("JX-01", SUGGEST, ("教务处",), ("教务处-1",)),
    ]
    assert out[0].text == "请注明统计口径。"


def test_opinions_follow_book_order_not_file_order() -> None:
    ops = [
        comment(ref="KY-01", text="c", reviewer="科技处", ident="科技处-1"),
        comment(ref="JX-99", text="d", reviewer="教务处", ident="教务处-9"),
        comment(ref="JX-01", text="b", reviewer="教务处", ident="教务处-2"),
        comment(ref="goals.teaching", text="a", reviewer="教务处", ident="教务处-3"),
        comment(ref="general", text="e", reviewer="人事处", ident="人事处-1"),
    ]
    assert [o.ref for o in merge(ops, position)] == [
        "general",
        "goals.teaching",
        "JX-01",
        "KY-01",
        "JX-99",
    ]


def test_unknown_kind_defaults_to_suggestion_and_ids_sort_naturally() -> None:
    assert comment(ref="general", text="x", reviewer="a", ident="a-1", kind=None).kind == SUGGEST
    assert sorted(["教务处-10", "教务处-2"], key=natural) == ["教务处-2", "教务处-10"]


REFS = st.sampled_from(
    ["general", "members", "goals.teaching", "JX-01", "JX-02", "KY-01", "JX-99", "goals.business"]
)
TEXTS = st.sampled_from(
    ["目标值偏低。", " 目标值偏低。 ", "请补充年度进度。", "建议提高到3项。", "意见"]
)
DEPTS = st.sampled_from(["教务处", "科技处", "人事处", "组织部", "校领导"])


@st.composite
def round_files(draw: st.DrawFn) -> list[list[Opinion]]:
    """Reviewer files of one round: each a department's list of comments."""
    files = []
    for dept in draw(st.lists(DEPTS, min_size=1, max_size=4, unique=True)):
        n = draw(st.integers(min_value=0, max_value=5))
        files.append(
            [
                comment(
                    ref=draw(REFS),
                    text=draw(TEXTS),
                    reviewer=dept,
                    ident=f"{dept}-{i}",
                    kind=draw(st.sampled_from([MUST, SUGGEST, None])),
                    replies=draw(
                        st.lists(st.sampled_from(["张三：同意", "李四：已沟通"]), max_size=1)
                    ),
                )
                for i in range(1, n + 1)
            ]
        )
    return files


def flat(files: list[list[Opinion]]) -> list[Opinion]:
    return [op for f in files for op in f]


@settings(max_examples=200, deadline=None)
@given(round_files(), st.randoms(use_true_random=False))
def test_merge_is_independent_of_the_order_of_files_and_of_comments(
    files: list[list[Opinion]], rnd: random.Random
) -> None:
    shuffled = [list(f) for f in files]
    rnd.shuffle(shuffled)
    for f in shuffled:
        rnd.shuffle(f)
    assert merge(flat(shuffled), position) == merge(flat(files), position)


@settings(max_examples=200, deadline=None)
@given(round_files())
def test_merge_is_idempotent(files: list[list[Opinion]]) -> None:
    once = merge(flat(files), position)
    assert merge(once, position) == once


@settings(max_examples=200, deadline=None)
@given(round_files())
def test_merge_loses_nothing_a_reviewer_wrote(files: list[list[Opinion]]) -> None:
    out = merge(flat(files), position)
    for op in flat(files):
        (ident,) = op.ids
        hits = [o for o in out if ident in o.ids]
        assert len(hits) == 1
        hit = hits[0]
        assert (hit.ref, hit.text) == (op.ref, op.text.strip())
        assert op.reviewers[0] in hit.reviewers
        assert set(op.replies) <= set(hit.replies)
        assert hit.kind == MUST or op.kind == SUGGEST
    # and nothing is made up: every output opinion comes from some comment
    assert sum(len(o.ids) for o in out) == len({op.ids[0] for op in flat(files)})
