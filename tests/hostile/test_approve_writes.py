"""`ankao approve` writes only where it says, one run at a time, what it can read back (issue 27)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_examples

from ankao.procedure import safe_append
from hostile.bounded import LIMIT_SECONDS, run_bounded
from hostile.round3 import only_written, tree_state

FILE = Path("approvals") / "文学院.yaml"
NEXT = ["approve", "文学院", "revised", "--date", "2024-05-01"]
ROOT = os.geteuid() == 0


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def _link_folder_out(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "外面"
    (repo / "approvals").rename(outside)
    (repo / "approvals").symlink_to(outside)


def _symlink_inside(repo: Path, tmp_path: Path) -> None:
    real = repo / "approvals" / "存档.txt"
    (repo / FILE).rename(real)
    (repo / FILE).symlink_to("存档.txt")


def _symlink_out(repo: Path, tmp_path: Path) -> None:
    real = tmp_path / "外面.yaml"
    (repo / FILE).rename(real)
    (repo / FILE).symlink_to(real)


def _hard_link(repo: Path, tmp_path: Path) -> None:
    os.link(repo / FILE, tmp_path / "另一份.yaml")


def _read_only(repo: Path, tmp_path: Path) -> None:
    os.chmod(repo / FILE, 0o444)


def _folder(repo: Path, tmp_path: Path) -> None:
    (repo / FILE).unlink()
    (repo / FILE).mkdir()


def _fifo(repo: Path, tmp_path: Path) -> None:
    (repo / FILE).unlink()
    os.mkfifo(repo / FILE)


# (how the target is made hostile, what is said)
TARGETS = [
    (_link_folder_out, "approvals/ 是一个链接，指向仓库以外的"),
    (_symlink_inside, "是一个链接（指向"),
    (_symlink_out, "是一个链接"),
    (_hard_link, "有 2 个硬链接"),
    (_read_only, "是只读的，没有写入"),
    (_folder, "是文件夹"),
    (_fifo, "命名管道"),
]


@pytest.mark.parametrize(("make", "said"), TARGETS, ids=[m.__name__ for m, _ in TARGETS])
def test_hostile_target_refused(repo: Path, tmp_path: Path, make: object, said: str) -> None:
    make(repo, tmp_path)  # type: ignore[operator]
    before = tree_state(tmp_path)
    done = run_bounded(NEXT, repo)
    assert done.returncode in (1, 2), done.stderr
    assert said in done.stdout + done.stderr
    assert "已记录" not in done.stdout
    only_written(before, tree_state(tmp_path))


def test_approve_through_linked_folder_creates_nothing_outside(repo: Path, tmp_path: Path) -> None:
    """A first `approve` of a unit with no file yet: nothing created in the linked folder."""
    _link_folder_out(repo, tmp_path)
    before = tree_state(tmp_path)
    done = run_bounded(["approve", "文学院", "revised", "--date", "2024-05-01"], repo)
    assert done.returncode == 2
    assert "approvals/ 是一个链接" in one_line(done.stderr)
    only_written(before, tree_state(tmp_path))


# (arguments, the line said)
ARGUMENTS = [
    (["approve", "a/b", "submitted", "--date", "2024-05-01"], "路径分隔符"),
    (["approve", "文学院\\x", "submitted", "--date", "2024-05-01"], "路径分隔符"),
    (["approve", "文学\n院", "submitted", "--date", "2024-05-01"], "控制字符"),
    ([*NEXT[:-1], "1900-05-01"], "早于 1949 年"),
    ([*NEXT[:-1], "1948-12-31"], "早于 1949 年"),
    ([*NEXT, "--by", "王\x1b[31m某"], "--by 中有控制字符"),
    ([*NEXT, "--note", "会议\r纪要"], "--note 中有控制字符"),
    (["approve", "\udcff", "submitted", "--date", "2024-05-01"], "不是有效的 UTF-8"),
]


@pytest.mark.parametrize(("args", "said"), ARGUMENTS)
def test_bad_arguments_one_line_exit_2(
    repo: Path, tmp_path: Path, args: list[str], said: str
) -> None:
    before = tree_state(tmp_path)
    if any("\udcff" in a for a in args):
        args = [os.fsencode(a) for a in args]  # type: ignore[misc]
    done = run_bounded(args, repo)
    assert done.returncode == 2, done.stderr
    assert said in one_line(done.stderr)
    only_written(before, tree_state(tmp_path))


def test_a_date_after_today_is_a_refused_stage(repo: Path, tmp_path: Path) -> None:
    """SPEC §7: a stage dated after today is refused like any stage out of place: exit 1."""
    before = tree_state(tmp_path)
    done = run_bounded([*NEXT[:-1], "2999-05-01"], repo)
    assert done.returncode == 1, done.stderr
    assert "晚于今天" in done.stdout + done.stderr
    only_written(before, tree_state(tmp_path))


def test_note_with_newline_quoted_and_read_back(repo: Path, tmp_path: Path) -> None:
    before = tree_state(tmp_path)
    note = "第一行\n  - stage: signed\n# 不是注释"
    done = run_bounded([*NEXT, "--note", note, "--by", "王某: 签字"], repo)
    assert done.returncode == 0, done.stderr
    only_written(before, tree_state(tmp_path), str(Path("repo") / FILE))
    from ankao.load.document import load_file

    data = load_file(repo / FILE).data
    assert data["events"][-1]["note"] == note
    assert data["events"][-1]["by"] == "王某: 签字"
    assert [e["stage"] for e in data["events"]].count("signed") == 0
    assert run_bounded(["validate", str(FILE)], repo).returncode == 0


def test_stray_control_character_warned_then_appended(repo: Path) -> None:
    text = (repo / FILE).read_text(encoding="utf-8")
    (repo / FILE).write_text(text.replace("领导小组第一轮", "领导小组\x01第一轮"), encoding="utf-8")
    checked = run_bounded(["validate", str(FILE)], repo)
    assert checked.returncode == 0 and "控制字符" in checked.stdout
    done = run_bounded(NEXT, repo)
    assert done.returncode == 0, done.stderr
    assert "已记录" in done.stdout
    assert (
        (repo / FILE)
        .read_bytes()
        .startswith(text.replace("领导小组第一轮", "领导小组\x01第一轮").encode())
    )


@pytest.mark.parametrize("empty", ["events: []", "events: []   # 还没有环节", "events: [ ]"])
def test_empty_events_appendable(repo: Path, empty: str) -> None:
    (repo / "approvals" / "图书馆.yaml").unlink()
    (repo / FILE).write_text(f"# 文学院\nunit: 文学院\n{empty}\n", encoding="utf-8")
    done = run_bounded(["approve", "文学院", "consulted", "--date", "2024-01-02"], repo)
    assert done.returncode == 0, done.stdout + done.stderr
    from ankao.load.document import load_file

    assert [e["stage"] for e in load_file(repo / FILE).data["events"]] == ["consulted"]
    assert (repo / FILE).read_text(encoding="utf-8").startswith("# 文学院\nunit: 文学院\nevents:")


def test_append_over_size_limit_refused_before_writing(repo: Path, tmp_path: Path) -> None:
    path = repo / FILE
    text = path.read_text(encoding="utf-8")
    pad = 1024 * 1024 - len(text.encode()) - 40
    path.write_text("#" + "x" * pad + "\n" + text, encoding="utf-8")
    assert path.stat().st_size <= 1024 * 1024
    before = tree_state(tmp_path)
    done = run_bounded(NEXT, repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "超过大小上限 1 MiB" in one_line(done.stderr)
    only_written(before, tree_state(tmp_path))


def test_concurrent_appends_lose_nothing(repo: Path) -> None:
    """Four runs at once on one unit: each either recorded (its event is in the file) or refused saying so."""
    (repo / FILE).unlink()
    stages = ["consulted", "team_meeting", "unit_signed", "supervisor_signed"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ankao",
                "approve",
                "文学院",
                stage,
                "--date",
                "2024-01-0" + str(i + 1),
            ],
            cwd=repo,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for i, stage in enumerate(stages)
    ]
    outs = [p.communicate(timeout=LIMIT_SECONDS * 2) for p in procs]
    from ankao.load.document import load_file

    recorded = [e["stage"] for e in load_file(repo / FILE).data["events"]]
    said = [stage for stage, (out, _) in zip(stages, outs, strict=True) if "已记录" in out]
    assert sorted(recorded) == sorted(said)
    assert len(set(recorded)) == len(recorded)
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert "Traceback" not in err
        if "已记录" not in out:
            assert proc.returncode in (1, 2) and ("没有记录" in out or "ankao：" in err)
    assert not (repo / "approvals" / ".文学院.yaml.lock").exists()


def test_lock_held_by_running_process_refused(repo: Path, tmp_path: Path) -> None:
    lock = repo / "approvals" / ".文学院.yaml.lock"
    lock.write_text(f"{os.getpid()}\n", encoding="ascii")
    before = tree_state(tmp_path)
    done = run_bounded(NEXT, repo, env={"ANKAO_LOCK_WAIT": "1"})
    assert done.returncode == 2
    assert "另一个 ankao approve 正在记录" in one_line(done.stderr)
    assert lock.read_text(encoding="ascii").strip() == str(os.getpid())
    only_written(before, tree_state(tmp_path))


def test_stale_lock_taken_over(repo: Path) -> None:
    lock = repo / "approvals" / ".文学院.yaml.lock"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    lock.write_text(dead.stdout, encoding="ascii")
    done = run_bounded(NEXT, repo)
    assert done.returncode == 0, done.stderr
    assert not lock.exists()


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_lock_released_on_interrupt_and_error(tmp_path: Path, error: type[BaseException]) -> None:
    root = tmp_path / "repo"
    (root / "approvals").mkdir(parents=True)
    path = root / "approvals" / "文学院.yaml"
    with pytest.raises(error), safe_append.locked(root, path, "approvals/文学院.yaml"):
        assert safe_append.lock_path(path).exists()
        raise error()
    assert not safe_append.lock_path(path).exists()


def test_lock_folder_made_for_nothing_is_removed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    path = root / "approvals" / "文学院.yaml"
    with pytest.raises(RuntimeError), safe_append.locked(root, path, "approvals/文学院.yaml"):
        raise RuntimeError()
    assert not (root / "approvals").exists()


@pytest.mark.skipif(ROOT, reason="root ignores permissions")
def test_approvals_folder_not_writable(repo: Path) -> None:
    os.chmod(repo / "approvals", 0o555)
    try:
        done = run_bounded(NEXT, repo)
    finally:
        os.chmod(repo / "approvals", 0o755)
    assert done.returncode == 2
    assert "没有权限" in one_line(done.stderr)
