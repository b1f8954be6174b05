"""A clerk's day (issue 27): the slips a new clerk makes are said as what they are."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_examples, git, needs_git

from hostile.bounded import run_bounded
from hostile.round3 import BOOK, only_written, tree_state


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


def _edit(repo: Path, old: str, new: str, path: Path = BOOK) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- git conflict markers -------------------------------------------------------------------

CONFLICTS = [
    (
        BOOK,
        "    - id: DJ-02\n",
        "<<<<<<< HEAD\n    - id: DJ-02\n=======\n    - id: DJ-09\n>>>>>>> 第二轮\n",
    ),
    (
        BOOK,
        "unit: 文学院\n",
        "<<<<<<< HEAD\nunit: 文学院\n=======\nunit: 文学院（新）\n>>>>>>> main\n",
    ),
    (
        Path("approvals/文学院.yaml"),
        "unit: 文学院\n",
        "<<<<<<< ours\nunit: 文学院\n=======\nunit: 文学院\n>>>>>>> theirs\n",
    ),
    (
        Path("ankao.yaml"),
        "school: 某师范学院",
        "<<<<<<< HEAD\nschool: 某师范学院\n=======\nschool: 某学院\n>>>>>>> x",
    ),
    (
        Path("reviews/文学院/r1-教务处.yaml"),
        "round: 1\n",
        "round: 1\n<<<<<<< HEAD\n=======\n>>>>>>> b\n",
    ),
]


@pytest.mark.parametrize(("path", "old", "new"), CONFLICTS, ids=[str(c[0]) for c in CONFLICTS])
def test_conflict_markers_one_finding_at_the_marker(
    repo: Path, path: Path, old: str, new: str
) -> None:
    _edit(repo, old, new, path)
    line = (repo / path).read_text(encoding="utf-8").split("\n").index(
        new.split("\n")[0] if new.startswith("<") else "<<<<<<< HEAD"
    ) + 1
    done = run_bounded(["validate", str(path)], repo)
    assert done.returncode == 1
    found = [
        ln for ln in done.stdout.splitlines() if "[merge-conflict]" in ln or "[yaml-syntax]" in ln
    ]
    assert len(found) == 1, done.stdout
    assert found[0].startswith(f"{path.as_posix()}:{line}:1  错误  有未解决的 git 合并冲突")


# --- the scaffold and typing slips ----------------------------------------------------------


def _scaffold(tmp_path: Path) -> Path:
    root = tmp_path / "仓库"
    assert run_bounded(["init", str(root)], tmp_path).returncode == 0
    assert run_bounded(["new", "文学院", "--kind", "teaching"], root).returncode == 0
    return root


def test_uncommented_example_under_empty_list(tmp_path: Path) -> None:
    root = _scaffold(tmp_path)
    book = root / "taskbooks" / "文学院.yaml"
    lines = book.read_text(encoding="utf-8").split("\n")
    start = lines.index("  party_building: []")
    for i in range(start + 1, len(lines)):
        if not lines[i].startswith("  #   "):
            break
        lines[i] = "    " + lines[i][6:]
    book.write_text("\n".join(lines), encoding="utf-8")
    done = run_bounded(["validate", "taskbooks/文学院.yaml"], root)
    assert done.returncode == 1
    assert f"第 {start + 1} 行的“party_building: []”表示空列表" in done.stdout
    assert "请删去“[]”，只留“party_building:”" in done.stdout
    assert "缩进不一致" not in done.stdout


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("%", 'unit: "%"'),
        ("%文学院", 'unit: "%文学院"'),
        ("@文学院", 'unit: "@文学院"'),
        ("`文学院`", 'unit: "`文学院`"'),
    ],
)
def test_value_starting_with_reserved_character(repo: Path, value: str, said: str) -> None:
    _edit(repo, "unit: 文学院\n", f"unit: {value}\n")
    done = run_bounded(["validate", str(BOOK)], repo)
    assert done.returncode == 1
    assert f"后面的值以“{value[0]}”开头" in done.stdout and said in done.stdout


@pytest.mark.parametrize("spaces", [5, 4])
def test_owner_indented_short_is_not_told_to_add_a_dash(repo: Path, spaces: int) -> None:
    old = "      owner: 张某\n      actuals: {2024: 10, 2025: 12}"
    _edit(repo, old, " " * spaces + old.lstrip(" "))
    done = run_bounded(["validate", str(BOOK)], repo)
    assert done.returncode == 1
    assert "“- ”" not in done.stdout
    assert "“owner:”比上面第" in done.stdout and f"少了 {6 - spaces} 个空格" in done.stdout


# --- unit names -----------------------------------------------------------------------------

NEAR_MISSES = [
    ["approve", "文学", "submitted", "--date", "2024-03-01"],
    ["diff", "文学"],
    ["assess", "文学"],
    ["comments", "merge", "文学", "--round", "1"],
    ["comments", "respond", "文学", "--round", "1"],
    ["comments", "status", "文学"],
    ["render", "文学", "-o", "out"],
]


@pytest.mark.parametrize("args", NEAR_MISSES, ids=[" ".join(a[:2]) for a in NEAR_MISSES])
def test_near_miss_unit_is_suggested_in_every_command(
    repo: Path, tmp_path: Path, args: list[str]
) -> None:
    before = tree_state(tmp_path)
    done = run_bounded(args, repo)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    said = "是不是“taskbooks/文学院.yaml”？" if args[0] == "render" else "是不是“文学院”？"
    assert len(lines) == 1 and said in lines[0], done.stderr
    only_written(before, tree_state(tmp_path))


def test_bracket_variant_suggested(repo: Path) -> None:
    _edit(repo, "unit: 文学院\n", "unit: 马克思主义学院（思政部）\n")
    done = run_bounded(["assess", "马克思主义学院(思政部)"], repo)
    assert done.returncode == 2
    assert "是不是“马克思主义学院（思政部）”？" in done.stderr


def test_book_unit_not_in_config_units(repo: Path) -> None:
    _edit(repo, "unit: 文学院\n", "unit: 文学院 \n" if False else "unit: 文 学院\n")
    done = run_bounded(["check"], repo)
    found = [ln for ln in done.stdout.splitlines() if "[unit-not-listed]" in ln]
    assert found == [
        f"{BOOK.as_posix()}:8:1  警告  单位“文 学院”不在 ankao.yaml 的 units 中；是不是“文学院”？  [unit-not-listed]"
    ]


def test_new_warns_of_a_space_and_quotes_the_next_command(tmp_path: Path) -> None:
    root = tmp_path / "仓库"
    assert run_bounded(["init", str(root)], tmp_path).returncode == 0
    done = run_bounded(["new", "计算机 学院", "--kind", "office"], root)
    assert done.returncode == 0
    assert "单位名称“计算机 学院”中有空格" in done.stdout
    assert "ankao check 'taskbooks/计算机 学院.yaml'" in done.stdout
    plain = run_bounded(["new", "文学院", "--kind", "teaching"], root)
    assert "有空格" not in plain.stdout and "ankao check taskbooks/文学院.yaml" in plain.stdout


# --- init --------------------------------------------------------------------------------------


@needs_git
def test_init_writes_gitignore_and_quotepath(tmp_path: Path) -> None:
    root = tmp_path / "仓库"
    done = run_bounded(["init", str(root), "--school", "某师范学院"], tmp_path)
    assert done.returncode == 0 and "已创建  .gitignore" in done.stdout
    assert "out/" in (root / ".gitignore").read_text(encoding="utf-8")
    assert git(root, "config", "core.quotepath") == "false"
    (root / "taskbooks" / "文学院.yaml").write_text("x: 1\n", encoding="utf-8")
    assert "taskbooks/文学院.yaml" in git(root, "status", "--porcelain", "-uall")


def test_init_school_on_existing_repository(tmp_path: Path) -> None:
    root = tmp_path / "仓库"
    assert run_bounded(["init", str(root), "--school", "某师范学院"], tmp_path).returncode == 0
    before = tree_state(tmp_path)
    again = run_bounded(["init", str(root), "--school", "另一学院"], tmp_path)
    assert again.returncode == 0
    assert "没有改动：学校名称仍是“某师范学院”" in again.stdout and "--force" in again.stdout
    only_written(before, tree_state(tmp_path))
    forced = run_bounded(["init", str(root), "--school", "另一学院", "--force"], tmp_path)
    assert forced.returncode == 0
    assert "已把 ankao.yaml 中的学校名称从“某师范学院”改为“另一学院”" in forced.stdout
    assert "ankao.yaml（未改动）" not in forced.stdout
    only_written(before, tree_state(tmp_path), "仓库/ankao.yaml")
    text = (root / "ankao.yaml").read_text(encoding="utf-8")
    assert "school: 另一学院" in text and "# 学校名称" in text


@pytest.mark.parametrize(
    ("school", "said"),
    [
        ("某\n学院", "--school 中有换行"),
        ("某\x1b[2J学院", "--school 中有控制字符"),
        ("  ", "--school 不能为空"),
    ],
)
def test_init_school_with_line_break_refused(tmp_path: Path, school: str, said: str) -> None:
    before = tree_state(tmp_path)
    done = run_bounded(["init", str(tmp_path / "仓库"), "--school", school], tmp_path)
    assert done.returncode == 2
    assert said in done.stderr
    only_written(before, tree_state(tmp_path))


@pytest.mark.parametrize("school", ['某"学院', "某: 学院 # 注释", "'某学院'", "yes", "123"])
def test_init_school_odd_text_quoted(tmp_path: Path, school: str) -> None:
    root = tmp_path / "仓库"
    assert run_bounded(["init", str(root), "--school", school], tmp_path).returncode == 0
    from ankao.load.document import load_file

    assert load_file(root / "ankao.yaml").data["school"] == school


# --- summary without -o, Ctrl-C ---------------------------------------------------------------


def test_summary_without_output_prints_the_table(repo: Path, tmp_path: Path) -> None:
    before = tree_state(tmp_path)
    done = run_bounded(["summary"], repo)
    assert done.returncode == 0, done.stderr
    assert "任期目标汇总（4 个单位的" in done.stdout and "文学院" in done.stdout
    only_written(before, tree_state(tmp_path))


def _books_repository(tmp_path: Path, n: int) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from synth import write_books

    root = tmp_path / "仓库"
    write_books(root / "taskbooks", n)
    return root


def _interrupted(root: Path, args: list[str], delay: float) -> tuple[int, str]:
    """`ankao ARGS` in `root`, sent SIGINT (to it alone) after `delay` seconds: exit status
    and what it wrote on stderr; a failure when it does not end within 30 s."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ankao", *args],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"ankao {' '.join(args)} interrupted at {delay} s did not end within 30 s")
    return proc.returncode, err


def test_interrupt_to_the_parent_only_prints_one_line(tmp_path: Path) -> None:
    """`timeout -s INT`: SIGINT to the parent alone, at several moments of a parallel pass."""
    root = _books_repository(tmp_path, 80)
    for delay in (0.3, 0.8, 1.5):
        code, err = _interrupted(root, ["render", "-o", "out"], delay)
        assert "Traceback" not in err, err
        if code == 130:
            assert len(err.strip().splitlines()) == 1 and err.startswith("ankao：已中断"), err


def test_interrupts_at_many_moments_of_a_check_leave_one_line_and_no_hang(tmp_path: Path) -> None:
    """A Ctrl-C while the workers are ended raced concurrent.futures' exit hook (a wake-up
    pipe written as it closed: "Bad file descriptor" after 已中断, 5 runs in 40) and left
    the parent waiting now and then; the pool's own threads are now awaited, briefly."""
    root = _books_repository(tmp_path, 1000)
    for delay in (0.3, 0.5, 0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 1.9, 2.1):
        code, err = _interrupted(root, ["check"], delay)
        assert "Traceback" not in err and "Error" not in err, err
        if code == 130:
            assert err.strip() == "ankao：已中断", err


def test_interrupt_after_the_file_was_written_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer

    from ankao.cli.shared import run
    from ankao.load import files

    monkeypatch.setattr(files, "WRITTEN", [])
    target = tmp_path / "汇总.xlsx"

    def body() -> int:
        files.write_bytes(target, b"x")
        raise KeyboardInterrupt

    with pytest.raises(typer.Exit) as stopped:
        run(False, body)
    assert stopped.value.exit_code == 130
    assert f"已中断；中断前 {target} 已经写好" in capsys.readouterr().err
