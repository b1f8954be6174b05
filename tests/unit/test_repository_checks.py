"""The repository pass: whole-repository checks with their file, line and message (SPEC §3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_examples
from typer.testing import CliRunner

from ankao.cli import app
from ankao.errors import AnkaoError
from ankao.findings import Finding
from ankao.model.book import BookOutline
from ankao.repository.repo import Repository
from ankao.repository.scan import scan


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


def found(root: Path, code: str) -> list[Finding]:
    return [f for f in scan(root, rules=True).report().sorted_findings() if f.code == code]


def test_the_examples_have_no_cross_file_finding(repo: Path) -> None:
    result = scan(repo, rules=True)
    # but the two baselines of 图书馆 below its last term's record (examples/任期目标2020)
    book = (repo / "taskbooks/图书馆.yaml").read_text(encoding="utf-8").splitlines()
    lines = [
        n
        for n, line in enumerate(book, start=1)
        if line.strip() in ("baseline: 168", "baseline: 88")
    ]
    assert [(f.file, f.line, f.code) for f in result.findings] == [
        ("taskbooks/图书馆.yaml", line, "baseline-below-record") for line in lines
    ]
    assert sorted(b.unit for b in result.books) == [
        "图书馆",
        "教务处",
        "数学与信息科学学院",
        "文学院",
    ]


def test_two_books_for_one_unit_are_both_named_at_their_unit_lines(repo: Path) -> None:
    shutil.copy(repo / "taskbooks/文学院.yaml", repo / "taskbooks/文学院-副本.yaml")
    dups = found(repo, "duplicate-unit")
    assert [(f.file, f.line, f.severity.value) for f in dups] == [
        ("taskbooks/文学院-副本.yaml", 8, "error"),
        ("taskbooks/文学院.yaml", 8, "error"),
    ]
    assert (
        "taskbooks/文学院.yaml:8" in dups[0].message
        and "taskbooks/文学院-副本.yaml:8" in dups[1].message
    )
    with pytest.raises(AnkaoError, match="有 2 本任务书"):
        scan(repo).book("文学院")


def test_check_fails_a_repository_with_two_books_for_one_unit(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(repo / "taskbooks/文学院.yaml", repo / "taskbooks/文学院-副本.yaml")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["check", "--format", "json"])
    assert result.exit_code == 1
    assert "duplicate-unit" in result.stdout
    # a single file stays a single-file check
    single = CliRunner().invoke(app, ["check", "taskbooks/文学院.yaml", "--format", "json"])
    assert single.exit_code == 0, single.stdout


def test_a_review_naming_a_vanished_target_fails_check_at_the_ref_line(repo: Path) -> None:
    review = repo / "reviews/文学院/r1-教务处.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace("ref: JX-03", "ref: JX-99"), encoding="utf-8"
    )
    (hit,) = found(repo, "unknown-ref")
    assert (hit.file, hit.line, hit.severity.value) == ("reviews/文学院/r1-教务处.yaml", 9, "error")
    assert "JX-99" in hit.message


def test_an_answer_to_no_comment_and_a_duplicate_comment_id(repo: Path) -> None:
    response = repo / "reviews/文学院/r1-response.yaml"
    text = response.read_text(encoding="utf-8")
    response.write_text(text.replace("to: 教务处-1", "to: 教务处-9", 1), encoding="utf-8")
    other = repo / "reviews/文学院/r1-科技处.yaml"
    first_id = next(
        line for line in other.read_text(encoding="utf-8").splitlines() if "- id:" in line
    )
    other.write_text(
        other.read_text(encoding="utf-8").replace(first_id, "  - id: 教务处-2", 1), encoding="utf-8"
    )
    (answer,) = found(repo, "unknown-comment")
    assert answer.file == "reviews/文学院/r1-response.yaml" and "教务处-9" in answer.message
    line = next(
        i
        for i, t in enumerate(response.read_text(encoding="utf-8").splitlines(), 1)
        if "教务处-9" in t
    )
    assert answer.line == line
    (dup,) = found(repo, "duplicate-comment-id")
    assert dup.file == "reviews/文学院/r1-科技处.yaml" and "r1-教务处.yaml" in dup.message


def test_a_response_without_reviews_and_a_skipped_round(repo: Path) -> None:
    folder = repo / "reviews/文学院"
    (folder / "r2-response.yaml").write_text(
        "unit: 文学院\nround: 2\nanswers: []\n", encoding="utf-8"
    )
    (folder / "r3-教务处.yaml").write_text(
        (folder / "r1-教务处.yaml").read_text(encoding="utf-8").replace("round: 1", "round: 3"),
        encoding="utf-8",
    )
    (lone,) = found(repo, "response-without-review")
    assert (lone.file, lone.severity.value) == ("reviews/文学院/r2-response.yaml", "error")
    assert "第 2 轮没有任何审核意见文件" in lone.message
    (gap,) = found(repo, "review-round-gap")
    assert (gap.file, gap.severity.value) == ("reviews/文学院/r3-教务处.yaml", "warning")
    assert "跳过了第 2 轮" in gap.message


def test_unknown_units_in_grades_are_folded_so_the_typo_stands_out(repo: Path) -> None:
    grades = repo / "grades/2025.yaml"
    text = grades.read_text(encoding="utf-8").replace("数学与信息科学学院:", "数学与信息科学学:")
    text = text.replace("grades:\n", "grades:\n  艺术设计中心: 良好\n  体育部: 良好\n", 1)
    grades.write_text(text, encoding="utf-8")
    hits = found(repo, "unknown-unit")
    near = [f for f in hits if "是不是" in f.message]
    assert (
        len(near) == 1
        and "“数学与信息科学学”" in near[0].message
        and "数学与信息科学学院" in near[0].message
    )
    rest = [f for f in hits if f not in near]
    # every other unknown unit of a file is listed in one warning for that file
    assert len(rest) == len({f.file for f in rest})
    assert all(f.severity.value == "warning" for f in hits)
    (listed,) = rest
    assert (listed.file, listed.line) == (
        "grades/2025.yaml",
        text.splitlines().index("  艺术设计中心: 良好") + 1,
    )
    assert "2 个单位" in listed.message and "艺术设计中心、体育部" in listed.message


def test_a_book_of_another_kind_than_ankao_yaml_says_is_an_error_at_its_kind(repo: Path) -> None:
    config = repo / "ankao.yaml"
    text = config.read_text(encoding="utf-8")
    assert "图书馆: office" in text
    config.write_text(text.replace("图书馆: office", "图书馆: teaching"), encoding="utf-8")
    (hit,) = found(repo, "unit-kind")
    book = (repo / "taskbooks/图书馆.yaml").read_text(encoding="utf-8").splitlines()
    assert (hit.file, hit.line) == (
        "taskbooks/图书馆.yaml",
        next(i for i, t in enumerate(book, 1) if t.startswith("kind:")),
    )
    assert "ankao.yaml 的 units 中“图书馆”是 teaching" in hit.message


def test_the_pass_sizes_its_progress_then_advances_once_per_file(repo: Path) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.total: int | None = None
            self.done = 0

        def start(self, total: int) -> None:
            self.total = total

        def advance(self, n: int) -> None:
            self.done += n

    meter = Recorder()
    result = scan(repo, progress=meter)
    assert meter.total == meter.done == len(result.results) > 0


def test_check_across_worker_processes_places_cross_file_findings_at_their_lines(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check` hands back outlines, not models, and review positions are read again on demand:
    the cross-file findings still name the same lines as the in-process pass."""
    from ankao.repository import checking as validation

    review = repo / "reviews/文学院/r1-教务处.yaml"
    review.write_text(
        review.read_text(encoding="utf-8").replace("ref: JX-03", "ref: JX-99"), encoding="utf-8"
    )
    shutil.copy(repo / "taskbooks/图书馆.yaml", repo / "taskbooks/图书馆-副本.yaml")
    monkeypatch.setattr(validation, "PARALLEL_FROM", 10_000)
    alone = scan(repo, rules=True, models=False)
    monkeypatch.setattr(validation, "PARALLEL_FROM", 1)
    spread = scan(repo, rules=True, models=False)

    def cross(result: Repository) -> list[tuple[str, int, int, str]]:
        return sorted((f.file, f.line, f.column, f.code) for f in result.findings)

    assert cross(spread) == cross(alone)
    assert ("reviews/文学院/r1-教务处.yaml", 9, 10, "unknown-ref") in cross(spread)
    # both books of 图书馆 start below its last term's record (examples/任期目标2020)
    assert {f.code for f in spread.findings} == {
        "unknown-ref",
        "duplicate-unit",
        "baseline-below-record",
    }
    assert [f.file for f in spread.findings if f.code == "baseline-below-record"] == [
        "taskbooks/图书馆-副本.yaml",
        "taskbooks/图书馆-副本.yaml",
        "taskbooks/图书馆.yaml",
        "taskbooks/图书馆.yaml",
    ]
    assert sorted(o.unit for o in spread.outlines)[:2] == ["图书馆", "图书馆"]
    with pytest.raises(RuntimeError):
        spread.books  # noqa: B018 - asking for models the pass did not keep is refused


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("parallel", [False, True])
def test_review_folders_checked_where_they_are_read_equal_a_check_of_their_records(
    repo: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool, large: bool
) -> None:
    """Each unit's review folder is checked where its files are read (a worker of the
    pass); what needs the books is settled at the end. A large folder is read file by
    file and checked from its records at the end. Either way that must find exactly
    what checking the records of a pass with models finds, whatever is wrong."""
    from ankao.repository import checking as validation
    from ankao.repository.reviews import folder_check
    from ankao.repository.unitreviews import review_units

    folder = repo / "reviews/文学院"
    review = folder / "r1-教务处.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("ref: JX-03", "ref: JX-99"), encoding="utf-8")
    (folder / "r1-教务处.yml").write_text(text, encoding="utf-8")  # a twin
    (folder / "r3-科技处.yaml").write_text(
        text.replace("round: 1", "round: 3").replace("教务处", "科技处"), encoding="utf-8"
    )  # a skipped round
    (folder / "r4-response.yaml").write_text("unit: 文学院\nround: 4\nanswers: []\n", "utf-8")
    stray = repo / "reviews/没有这个单位"
    stray.mkdir()
    (stray / "r1-教务处.yaml").write_text(text.replace("文学院", "没有这个单位"), "utf-8")
    shutil.copy(repo / "taskbooks/图书馆.yaml", repo / "taskbooks/图书馆-副本.yaml")

    reference = scan(repo, rules=True, models=True)  # in one process: its records at hand
    books: dict[str, list[BookOutline]] = {}
    for outline in reference.outlines:
        books.setdefault(outline.unit, []).append(outline)
    known = reference.units
    expected: list[Finding] = []
    for unit, files in review_units(reference).items():
        expected.extend(folder_check(unit, files).settle(books.get(unit, []), known))
    codes = {f.code for f in expected}
    assert {"unknown-ref", "duplicate-review-file", "review-round-gap"} <= codes
    assert {"response-without-review", "unknown-unit"} <= codes

    monkeypatch.setattr(validation, "PARALLEL_FROM", 1 if parallel else 10_000)
    if large:  # every folder of more than one file counts as large
        monkeypatch.setattr(validation, "FOLDER_AT_MOST", 1)
    for models in (True, False):
        result = scan(repo, rules=True, models=models)
        made = [
            f
            for f in result.findings
            if f.code not in ("duplicate-unit", "baseline-below-record")  # not review checks
        ]
        assert sorted(made, key=repr) == sorted(expected, key=repr)
        [wrong_ref] = [f for f in result.findings if f.code == "unknown-ref"]
        assert (wrong_ref.file, wrong_ref.line, wrong_ref.path) == (
            "reviews/文学院/r1-教务处.yaml",
            9,
            "comments[0].ref",
        )
        assert "JX-99" in wrong_ref.message
        rounds = [r for r in result.results if r.kind in ("review", "response")]
        checked = ["没有这个单位"] if large else ["文学院", "没有这个单位"]
        assert sorted(r.folder.unit for r in rounds if r.folder) == checked
        # without models the data of a folder checked where it was read stays there
        for r in rounds:
            from_records = large and r.file.startswith("reviews/文学院/")
            assert (r.loaded is not None) is (models or from_records), r.file


def test_a_review_folder_listed_in_pieces_is_still_one_piece_of_work(repo: Path) -> None:
    from ankao.repository.checking import Settings, run, work
    from ankao.repository.layout import repository_files

    sources = repository_files(repo)
    rounds = [i for i, s in enumerate(sources) if s.kind in ("review", "response")]
    # the first review file moved to the end, after the grades
    shuffled = [s for i, s in enumerate(sources) if i != rounds[0]] + [sources[rounds[0]]]
    settings = Settings(rules=True, reviews=True)
    items, places = work(shuffled, settings)
    assert sorted(i for at in places for i in at) == list(range(len(shuffled)))
    first = sources[rounds[0]]
    [piece] = [item for item in items if isinstance(item, tuple) and first in item]
    assert piece[-1] == first and len({s.path.parent for s in piece}) == 1
    assert [s.display for s in items if not isinstance(s, tuple)] == [
        s.display for s in shuffled if s.kind not in ("review", "response")
    ]
    results = run(shuffled, settings, workers=1)
    assert [r.file for r in results] == [s.display for s in shuffled]
    assert sum(r.folder is not None for r in results) == len(
        {sources[i].path.parent for i in rounds}
    )
    # without `reviews` every file is its own piece
    assert work(shuffled, Settings(rules=True))[0] == shuffled


def test_a_review_folder_too_large_for_one_piece_is_read_file_by_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ankao.repository import checking as validation
    from ankao.repository.layout import repository_files

    sources = repository_files(repo)
    settings = validation.Settings(rules=True, reviews=True)
    folder = [s for s in sources if s.kind in ("review", "response")]
    assert len(folder) == 4
    monkeypatch.setattr(validation, "FOLDER_AT_MOST", 3)
    items, places = validation.work(sources, settings)
    assert items == sources
    assert places == [[i] for i in range(len(sources))]
    monkeypatch.setattr(validation, "FOLDER_AT_MOST", 4)
    items, _ = validation.work(sources, settings)
    assert tuple(folder) in items and len(items) == len(sources) - 3


@pytest.mark.parametrize("parallel", [False, True])
def test_a_book_with_errors_still_names_its_unit_for_the_review_checks(
    repo: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """A book that fails its schema has no outline; its `unit:` still makes its review
    folder known, and a review folder named "None" does not become known by it."""
    from ankao.repository import checking as validation

    book = repo / "taskbooks/文学院.yaml"
    book.write_text(
        book.read_text(encoding="utf-8").replace("  start: 2024\n", ""), encoding="utf-8"
    )
    stray = repo / "reviews/None"
    stray.mkdir()
    shutil.copy(repo / "reviews/文学院/r1-教务处.yaml", stray / "r1-教务处.yaml")
    monkeypatch.setattr(validation, "PARALLEL_FROM", 1 if parallel else 10_000)
    result = scan(repo, rules=True, models=False)
    assert "文学院" not in {o.unit for o in result.outlines}
    unknown = [f for f in result.findings if f.code == "unknown-unit"]
    assert [f.file for f in unknown] == ["reviews/None/r1-教务处.yaml"]


def test_a_pass_across_workers_leaves_the_collector_as_it_found_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent pauses the collector while results come in; workers forked meanwhile
    collect again, and the parent's collector runs again after the pass."""
    import gc

    from ankao.repository import checking as validation

    monkeypatch.setattr(validation, "PARALLEL_FROM", 1)
    assert gc.isenabled()
    scan(repo, rules=True, models=False)
    assert gc.isenabled()
    gc.disable()
    try:
        validation._init_worker(validation.Settings())
        assert gc.isenabled()
    finally:
        gc.enable()
