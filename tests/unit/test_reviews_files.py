"""Cross-file findings of a round, merging a round from disk, and the answer status."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES

from ankao.errors import AnkaoError
from ankao.repository.scan import scan
from ankao.reviews.rounds import merge_round, opinions_json
from ankao.reviews.status import comment_status, open_comments


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "taskbooks").mkdir()
    shutil.copy(EXAMPLES / "taskbooks" / "文学院.yaml", tmp_path / "taskbooks" / "文学院.yaml")
    (tmp_path / "reviews" / "文学院").mkdir(parents=True)
    return tmp_path


def write(repo: Path, name: str, text: str, unit: str = "文学院") -> None:
    folder = repo / "reviews" / unit
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


REVIEW = """\
unit: 文学院
round: 1
reviewer: 教务处
date: '2025-03-10'
comments:
  - id: 教务处-1
    ref: JX-01
    text: 目标值偏低。
  - id: 教务处-2
    ref: goals.teaching
    text: 建议增加推广应用指标。
    kind: 必须修改
"""


def merged(repo: Path, unit: str = "文学院", number: int = 1):  # type: ignore[no-untyped-def]
    return merge_round(scan(repo), unit, number)


def codes(report) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    return [(f.file.rsplit("/", 1)[-1], f.code, f.line) for f in report.sorted_findings()]


def test_a_clean_round_merges_without_findings(repo: Path) -> None:
    write(repo, "r1-教务处.yaml", REVIEW)
    m = merged(repo)
    assert m.report.findings == []
    assert [(o["ref"], o["section"], o["kind"]) for o in opinions_json(m)] == [
        ("goals.teaching", "teaching", "必须修改"),
        ("JX-01", "teaching", "建议"),
    ]


def test_unknown_target_is_an_error_at_the_comments_ref_line(repo: Path) -> None:
    write(
        repo,
        "r1-教务处.yaml",
        REVIEW.replace("ref: JX-01", "ref: JX-77").replace(
            "ref: goals.teaching", "ref: goals.business"
        ),
    )
    m = merged(repo)
    assert codes(m.report) == [
        ("r1-教务处.yaml", "unknown-ref", 7),
        ("r1-教务处.yaml", "unknown-ref", 10),
    ]
    first = m.report.sorted_findings()[0]
    assert "JX-77" in first.message and "改名或删除" in first.message
    assert first.path == "comments[0].ref"
    assert m.report.exit_code == 1
    # nothing is dropped: the opinion on the vanished target is still listed, last, without a section
    assert [o["ref"] for o in opinions_json(m)] == ["JX-77", "goals.business"]
    assert all(o["section"] is None for o in opinions_json(m))


def test_unit_round_reviewer_disagreeing_with_the_files_place(repo: Path) -> None:
    write(
        repo,
        "r1-教务处.yaml",
        REVIEW.replace("unit: 文学院", "unit: 外国语学院")
        .replace("round: 1", "round: 2")
        .replace("reviewer: 教务处", "reviewer: 科技处"),
    )
    m = merged(repo)
    assert codes(m.report) == [
        ("r1-教务处.yaml", "review-unit", 1),
        ("r1-教务处.yaml", "review-round", 2),
        ("r1-教务处.yaml", "review-reviewer", 3),
    ]
    assert "reviews/文学院/" in m.report.sorted_findings()[0].message


def test_duplicate_comment_id_in_a_round_names_the_first_place(repo: Path) -> None:
    write(repo, "r1-教务处.yaml", REVIEW)
    write(
        repo,
        "r1-科技处.yaml",
        REVIEW.replace("reviewer: 教务处", "reviewer: 科技处").replace(
            "id: 教务处-2", "id: 科技处-2"
        ),
    )
    m = merged(repo)
    assert codes(m.report) == [("r1-科技处.yaml", "duplicate-comment-id", 6)]
    assert "reviews/文学院/r1-教务处.yaml:6" in m.report.findings[0].message


def test_answer_to_an_unknown_comment(repo: Path) -> None:
    write(repo, "r1-教务处.yaml", REVIEW)
    write(
        repo,
        "r1-response.yaml",
        "unit: 文学院\nround: 1\nanswers:\n  - to: 教务处-1\n    answer: 采纳\n"
        "  - to: 教务处-9\n    answer: 不采纳\n",
    )
    m = merged(repo)
    assert codes(m.report) == [("r1-response.yaml", "unknown-comment", 6)]
    assert "教务处-9" in m.report.findings[0].message


def test_schema_errors_of_a_review_file_are_reported_and_its_good_comments_kept(repo: Path) -> None:
    write(repo, "r1-教务处.yaml", REVIEW.replace("kind: 必须修改", "kind: 必改"))
    m = merged(repo)
    assert [f.code for f in m.report.findings] == ["schema"]
    assert m.report.findings[0].line == 12
    assert not m.readable
    assert len(m.opinions) == 2


def test_round_without_files_and_unit_without_book_stop_with_a_message(repo: Path) -> None:
    write(repo, "r1-教务处.yaml", REVIEW)
    with pytest.raises(AnkaoError, match="没有第 3 轮.*已有：第 1 轮"):
        merged(repo, number=3)
    with pytest.raises(AnkaoError, match="没有找到单位“理学院”的任务书"):
        merged(repo, unit="理学院")


def test_status_lists_comments_no_answer_names(repo: Path) -> None:
    write(repo, "r1-教务处.yaml", REVIEW)
    write(
        repo,
        "r1-response.yaml",
        "unit: 文学院\nround: 1\nanswers:\n  - to: 教务处-2\n    answer: 部分采纳\n",
    )
    write(repo, "r2-教务处.yaml", REVIEW.replace("round: 1", "round: 2"))
    report, statuses = comment_status(scan(repo))
    assert report.findings == []
    assert [
        (s.round, s.comments, s.answered, [o["id"] for o in s.open], s.response) for s in statuses
    ] == [(1, 2, 1, ["教务处-1"], True), (2, 2, 0, ["教务处-1", "教务处-2"], False)]
    assert open_comments(scan(repo), "文学院") == 3


def test_status_flags_a_review_folder_for_a_unit_without_a_book(repo: Path) -> None:
    write(repo, "r1-教务处.yaml", REVIEW.replace("文学院", "理学院"), unit="理学院")
    report, statuses = comment_status(scan(repo))
    assert [(f.code, f.file) for f in report.findings] == [
        ("unknown-unit", "reviews/理学院/r1-教务处.yaml")
    ]
    assert report.exit_code == 1
    with pytest.raises(AnkaoError, match="没有单位“化学院”"):
        comment_status(scan(repo), "化学院")


def test_the_refs_of_an_outline_are_those_the_index_of_its_book_has() -> None:
    """The checks across files tell a `ref` the book no longer has from the outline a
    worker sends back; the merge places comments by the book's index: they must agree,
    for both kinds of book."""
    from ankao.model.refs import index_book, known_refs

    books = scan(EXAMPLES).books
    assert {b.kind for b in books} == {"office", "teaching"}
    for book in books:
        assert known_refs(book.outline) == set(index_book(book).places)
