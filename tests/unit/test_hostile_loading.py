"""Hostile and odd input (issue 11): every load ends in time, in bounded memory, truly.

One test per class of input: files that are not files, links leading out of the
repository, folders and files that cannot be read. Each feeds several hostile
inputs; the ones that could hang or exhaust memory run `ankao validate` in a
subprocess bounded by 20 s and a 3 GiB address space.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import TEACHING_BOOK, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ankao.findings import Finding, Severity
from ankao.load.document import Document, cap_findings, load_bytes, load_file, load_text
from ankao.load.files import REPOSITORY_FOLDERS
from ankao.repository.checking import Settings, check_document, check_file
from ankao.repository.layout import FOLDERS, collect, repository_files

ADDRESS_SPACE = 3 << 30
SECONDS = 20


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_bounded(args: list[str], cwd: Path) -> tuple[int, dict[str, Any], float]:
    """`ankao ARGS --format json` in a subprocess: 20 s and 3 GiB at most, start-up included."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "ankao", *args, "--format", "json"],
        cwd=cwd,
        capture_output=True,
        timeout=SECONDS,
        preexec_fn=_limit,
        env=env,
        check=False,
    )
    elapsed = time.monotonic() - start
    assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")[-2000:]
    return proc.returncode, json.loads(proc.stdout), elapsed


def _by_file(report: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in report["diagnostics"]:
        out.setdefault(d["file"], []).append(d["code"])
    return out


def _repository(root: Path) -> None:
    write(root, "ankao.yaml", "school: 示例大学\n")
    write(root, "taskbooks/文学院.yaml", TEACHING_BOOK.read_text(encoding="utf-8"))


def test_folders_agree() -> None:
    assert REPOSITORY_FOLDERS == FOLDERS


# --- files that are not files ---------------------------------------------------------

NOT_FILES = [
    "taskbooks/管道.yaml",
    "grades/2025.yaml",
    "reviews/文学院/r1-教务处.yaml",
    "approvals/文学院.yaml",
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_and_devices_are_findings_not_hangs(tmp_path: Path) -> None:
    _repository(tmp_path)
    for rel in NOT_FILES:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(tmp_path / rel)
    (tmp_path / "taskbooks/零.yaml").symlink_to("/dev/zero")
    (tmp_path / "taskbooks/随机.yml").symlink_to("/dev/urandom")
    hostile = [*NOT_FILES, "taskbooks/零.yaml", "taskbooks/随机.yml"]
    code, report, _ = run_bounded(["validate"], tmp_path)
    assert code == 1
    found = _by_file(report)
    for rel in hostile:
        assert found.get(rel) == ["not-a-file"], rel
    assert "taskbooks/文学院.yaml" not in found  # the good book is still checked, and fine
    messages = {d["file"]: d["message"] for d in report["diagnostics"]}
    assert "命名管道" in messages["taskbooks/管道.yaml"]
    assert "设备文件" in messages["taskbooks/零.yaml"]
    # Named on the command line, a FIFO or device is a finding too, not "找不到".
    code, report, _ = run_bounded(["validate", "taskbooks/管道.yaml", "/dev/zero"], tmp_path)
    assert code == 1 and sorted(_by_file(report).values()) == [["not-a-file"], ["not-a-file"]]


def test_reading_is_bounded_whatever_stat_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows while read (or lies in stat, like /proc files) is read to limit + 1."""
    path = write(tmp_path, "taskbooks/大.yaml", b"a: 1\n" + b"#" * 5000)
    real_stat = os.stat
    reads: list[int] = []
    real_read = os.read

    def small_stat(p: Any, *args: Any, **kwargs: Any) -> Any:
        st = real_stat(p, *args, **kwargs)
        return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:]))

    def counting_read(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "stat", small_stat)
    monkeypatch.setattr(os, "read", counting_read)
    doc = load_file(path, max_bytes=1024)
    assert [f.code for f in doc.findings] == ["too-large"] and not doc.loaded
    assert "超过上限 1 KiB" in doc.findings[0].message
    assert sum(reads) <= 1025


def test_a_folder_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").mkdir()
    doc = load_file(tmp_path / "x.yaml")
    assert [(f.code, f.message) for f in doc.findings] == [
        ("not-a-file", "这是一个文件夹，不是文件")
    ]


# --- where a link leads ---------------------------------------------------------------


def test_links_out_of_the_repository_are_refused_unread(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _repository(repo)
    secret = write(tmp_path, "elsewhere/secret.yaml", "口令: 绝密内容\n")
    write(tmp_path, "elsewhere/r1-教务处.yaml", "round: 1\n")
    (repo / "taskbooks/passwd.yaml").symlink_to("/etc/passwd")
    (repo / "taskbooks/秘密.yaml").symlink_to(secret)
    (repo / "grades").mkdir()
    (repo / "grades/2025.yaml").symlink_to(secret)
    (repo / "reviews/文学院").mkdir(parents=True)
    (repo / "reviews/文学院/r1-人事处.yaml").symlink_to(secret)
    (repo / "taskbooks/外面").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    # A link that stays inside is fine, and so is a repository that is itself a link.
    (repo / "taskbooks/副本.yaml").symlink_to(repo / "taskbooks/文学院.yaml")
    linked = tmp_path / "link-to-repo"
    linked.symlink_to(repo, target_is_directory=True)
    hostile = [
        "taskbooks/passwd.yaml",
        "taskbooks/秘密.yaml",
        "grades/2025.yaml",
        "reviews/文学院/r1-人事处.yaml",
        "taskbooks/外面",
    ]
    for cwd in (repo, linked):
        code, report, _ = run_bounded(["validate"], cwd)
        assert code == 1
        found = _by_file(report)
        for rel in hostile:
            assert found.get(rel) == ["outside-repository"], (cwd, rel, found)
        assert "taskbooks/文学院.yaml" not in found and "taskbooks/副本.yaml" not in found
        text = json.dumps(report, ensure_ascii=False)
        assert "root:" not in text and "绝密" not in text and "口令" not in text
    # A path that climbs out of reviews/ by "..": found from a repository folder, refused.
    doc = load_file(repo / "reviews" / ".." / ".." / "elsewhere" / "r1-教务处.yaml")
    assert [f.code for f in doc.findings] == ["outside-repository"]
    # A file named on the command line outside any repository is checked as given.
    doc = load_file(secret)
    assert doc.loaded and doc.data == {"口令": "绝密内容"}
    # With an explicit root, anything resolving outside it is refused.
    assert [f.code for f in load_file(secret, root=repo).findings] == ["outside-repository"]


def test_link_loops_end(tmp_path: Path) -> None:
    _repository(tmp_path)
    (tmp_path / "taskbooks/环").symlink_to(tmp_path / "taskbooks", target_is_directory=True)
    (tmp_path / "taskbooks/a.yaml").symlink_to(tmp_path / "taskbooks/b.yaml")
    (tmp_path / "taskbooks/b.yaml").symlink_to(tmp_path / "taskbooks/a.yaml")
    sources = repository_files(tmp_path)
    displays = [s.display for s in sources]
    assert displays.count("taskbooks/文学院.yaml") == 1
    found = {s.display: [f.code for f in check_file(s, Settings()).findings] for s in sources}
    assert found["taskbooks/a.yaml"] == ["unreadable"]
    assert found["taskbooks/b.yaml"] == ["unreadable"]


# --- folders and files that cannot be read --------------------------------------------


def _deny(monkeypatch: pytest.MonkeyPatch, denied: set[Path]) -> None:
    real_scandir, real_open = os.scandir, os.open

    def scandir(path: Any = ".") -> Any:
        if Path(os.path.abspath(path)) in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(os.path.abspath(path)) in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)


def test_unreadable_folders_and_files_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path)
    write(tmp_path, "grades/2025.yaml", "year: 2025\n")
    write(tmp_path, "reviews/文学院/r1-教务处.yaml", "round: 1\n")
    write(tmp_path, "approvals/文学院.yaml", "unit: 文学院\n")
    denied = {
        tmp_path / "taskbooks",
        tmp_path / "grades",
        tmp_path / "reviews/文学院",
        tmp_path / "approvals/文学院.yaml",
    }
    _deny(monkeypatch, denied)
    sources = repository_files(tmp_path)
    kinds = {s.display: s.kind for s in sources}
    assert kinds == {
        "ankao.yaml": "config",
        "taskbooks": "taskbook",
        "reviews/文学院": "review",
        "approvals/文学院.yaml": "approval",
        "grades": "grades",
    }
    for source in sources[1:]:
        findings = check_file(source, Settings()).findings
        assert [(f.code, f.severity.value) for f in findings] == [("unreadable", "error")], source
        assert "没有权限" in findings[0].message
    assert "其中的文件都没有检查" in check_file(sources[1], Settings()).findings[0].message
    # An unlistable folder named on the command line is an entry too, never nothing.
    monkeypatch.chdir(tmp_path)
    assert [s.display for s in collect(["taskbooks"], tmp_path)] == ["taskbooks"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_for_real(tmp_path: Path) -> None:
    _repository(tmp_path)
    book = write(tmp_path, "taskbooks/图书馆.yaml", "unit: 图书馆\n")
    book.chmod(0)
    code, report, _ = run_bounded(["validate"], tmp_path)
    assert code == 1 and _by_file(report)["taskbooks/图书馆.yaml"] == ["unreadable"]
    book.chmod(0o644)
    (tmp_path / "taskbooks").chmod(0)
    try:
        code, report, _ = run_bounded(["validate"], tmp_path)
    finally:
        (tmp_path / "taskbooks").chmod(0o755)
    assert code == 1 and _by_file(report)["taskbooks"] == ["unreadable"]


# --- the worst shapes at the size limit, each answered in time and memory --------------

LIMIT = 1024 * 1024 - 1024


def _fill(head: str, unit: Any, tail: str = "") -> str:
    """`head`, then `unit(i)` for i = 0, 1, … as long as the whole stays under the limit."""
    out, size, index = [head], len(head.encode()) + len(tail.encode()), 0
    while True:
        part = unit(index)
        size += len(part.encode())
        if size > LIMIT:
            return "".join(out) + tail
        out.append(part)
        index += 1


def _book() -> str:
    return TEACHING_BOOK.read_text(encoding="utf-8")


SHAPES: dict[str, tuple[str, Any, str, str]] = {
    # name: (file, text, expected code, a word of its message)
    "one-string-aliased-4000-times": (
        "taskbooks/炸弹.yaml",
        lambda: f"big: &a {'x' * 850_000}\nlist:\n" + "".join("  - *a\n" for _ in range(4000)),
        "alias-bomb",
        "1.0 MiB",
    ),
    "nested-aliases": (
        "taskbooks/笑.yaml",
        lambda: (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
                for i in range(9)
            )
        ),
        "alias-bomb",
        "节点",
    ),
    "quoted-continuations-with-fullwidth-colons": (
        "taskbooks/冒号.yaml",
        lambda: _fill("", lambda i: f'k{i}: "第一行\n  第二：行\n  第三：行"\n'),
        "schema",
        "",
    ),
    "forty-thousand-unknown-keys": (
        "taskbooks/键.yaml",
        lambda: _fill(_book(), lambda i: f"u{i}: 1\n"),
        "schema",
        "不认识的键",
    ),
    "unknown-units-in-grades": (
        "grades/2025.yaml",
        lambda: _fill("year: 2025\ngrades:\n", lambda i: f"  单位{i}: 很好\n"),
        "schema",
        "不是可选的值",
    ),
    "control-characters-everywhere": (
        "taskbooks/控制.yaml",
        lambda: "a: " + "\x01" * (LIMIT - 10) + "\n",
        "control-character",
        "",
    ),
    "duplicate-keys": (
        "taskbooks/重复.yaml",
        lambda: _fill("", lambda i: f"a: {i}\n"),
        "duplicate-key",
        "",
    ),
    "deep-flow-nesting": (
        "taskbooks/深.yaml",
        lambda: "a: " + "[" * 400_000 + "]" * 400_000 + "\n",
        "yaml-syntax",
        "",
    ),
    "odd-line-breaks": (
        "taskbooks/换行.yaml",
        lambda: _fill("", lambda i: f"k{i}: a\u2028b\u2029c\x85d\n"),
        "schema",
        "",
    ),
    "unclosed-quotes": (
        "taskbooks/引号.yaml",
        lambda: _fill("", lambda i: f'k{i}: "a\nb{i}: c"\n'),
        "yaml-syntax",
        "引号没有闭合",
    ),
    "oversized": (
        "taskbooks/大.yaml",
        lambda: "a: 1\n" + "#" * (8 << 20),
        "too-large",
        "超过上限 1.0 MiB",
    ),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_worst_shapes_answered_in_time_and_memory(name: str, tmp_path: Path) -> None:
    rel, make, code, words = SHAPES[name]
    write(tmp_path, "ankao.yaml", "school: 示例大学\n")
    write(tmp_path, rel, make())
    status, report, elapsed = run_bounded(["validate"], tmp_path)
    assert status == 1 and elapsed < SECONDS
    mine = [d for d in report["diagnostics"] if d["file"] == rel]
    assert any(d["code"] == code and words in d["message"] for d in mine), mine[:3]
    assert all(d["line"] >= 1 and d["column"] >= 1 for d in mine)


# --- size, not only node count --------------------------------------------------------


def test_alias_guard_counts_expanded_bytes() -> None:
    text = f"big: &a {'长' * 300_000}\nlist: [*a, *a]\n"  # 900 KB each, 2.7 MB expanded
    doc = load_text(text)
    assert [(f.code, f.line, f.column) for f in doc.findings] == [("alias-bomb", 1, 6)]
    assert "超过文件大小上限 1.0 MiB" in doc.findings[0].message and not doc.loaded
    # The limit is the configured one, and honest reuse under it is fine.
    doc = load_bytes(text.encode(), Document("x.yaml"), max_bytes=4 * 1024 * 1024)
    assert doc.loaded and doc.data["list"][1] == doc.data["big"]
    small = load_text("a: &a {x: 文字}\nb: *a\nc: [*a, *a]\n")
    assert small.loaded and small.data["c"] == [{"x": "文字"}, {"x": "文字"}]


# --- quadratic paths: one finding list per file, capped ------------------------------


def _finding(line: int, severity: Severity = Severity.ERROR) -> Finding:
    return Finding("f.yaml", line, 1, "", "schema", severity, f"第 {line} 个")


def test_cap_findings_keeps_errors_first_and_says_how_many_more() -> None:
    findings = [_finding(n, Severity.WARNING) for n in range(1, 301)] + [_finding(500)]
    capped = cap_findings(findings)
    assert len(capped) == 201
    assert capped[-1].code == "too-many-findings" and capped[-1].severity is Severity.WARNING
    assert "还有 101 个问题未列出" in capped[-1].message
    assert any(f.line == 500 for f in capped[:-1])  # the one error is never the one left out
    # A second cap (load findings, then the whole file) adds up, not repeats.
    again = cap_findings([*capped, *(_finding(n) for n in range(1000, 1100))])
    assert [f.code for f in again].count("too-many-findings") == 1
    assert "还有 201 个问题未列出" in again[-1].message
    assert (
        sum(f.severity is Severity.ERROR for f in again) == 101
    )  # every error shown; warnings left out
    assert again[-1].severity is Severity.WARNING
    assert cap_findings([_finding(n) for n in range(300)])[-1].severity is Severity.ERROR
    assert cap_findings(findings[:5]) == findings[:5]


def test_loading_caps_its_own_findings() -> None:
    doc = load_text("".join(f"a: {i}\n" for i in range(1000)))
    codes = [f.code for f in doc.findings]
    assert codes.count("duplicate-key") == 200 and codes[-1] == "too-many-findings"
    assert "还有 799 个问题未列出" in doc.findings[-1].message
    doc = load_text("a: " + "\x01" * 5000 + "\nb: 1\n")
    assert [f.code for f in doc.findings].count("control-character") == 200
    assert "还有 4800 个问题未列出" in doc.findings[-1].message and doc.data == {"a": None, "b": 1}


def test_full_width_marks_still_found_among_many_quoted_scalars() -> None:
    body = "".join(f'k{i}: "第一行\n  第二：行"\n' for i in range(2000))
    doc = load_text(body + "unit： 文学院\n")
    assert [(f.code, f.line) for f in doc.findings] == [("fullwidth-punctuation", 4001)]


def test_many_keys_located_by_index() -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(20_000))
    doc = load_text(text)
    assert doc.locate(["k19999"]) == (20000, 9) and doc.locate(["k0"], key=True) == (1, 1)
    looped = load_text("a: &a {<<: *a, x: 1}\n")  # a merge that refers to itself ends
    assert looped.locate(["a", "y"]) == (1, 4)


# --- unclosed quotes (issue 12) --------------------------------------------------------


def test_multi_line_quoted_text_is_not_taken_for_an_unclosed_quote() -> None:
    doc = load_text(
        'unit: 文学院\nprofile: "现有专业4个，\n  其中：师范专业2个，\n  Note: 不含方向"\nterm: 1\n'
    )
    assert doc.loaded and not doc.findings and doc.data["profile"].endswith("Note: 不含方向")
    doc = load_text('unit: 文学院\nprofile: "现有专业4个，\nterm: 1\n')  # no later quote: as before
    assert [(f.code, f.line, f.column) for f in doc.findings] == [("yaml-syntax", 2, 10)]


# --- a fuzz target: mutated real files ------------------------------------------------

EXAMPLES = sorted(Path(__file__).parents[2].joinpath("examples").rglob("*.yaml"))
_PIECES = [
    '"',
    "'",
    ":",
    "：",
    "\t",
    " ",
    "\n",
    "- ",
    "&a ",
    "*a",
    "<<: ",
    "\u2028",
    "\x85",
    "\u2029",
    "\x00",
    "\x1b",
    "[",
    "{",
    "}",
    "]",
    "#",
    "|",
    ">",
    "!!float ",
    "2026.0",
    "\ufeff",
    "\r",
    "\\",
    "%",
]


FUZZ_EXAMPLES = int(os.environ.get("ANKAO_FUZZ_EXAMPLES", "150"))
"""Modest in CI; `ANKAO_FUZZ_EXAMPLES=20000 pytest -k fuzz` fuzzes for longer."""


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(EXAMPLES),
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(_PIECES)),
        min_size=1,
        max_size=6,
    ),
)
def test_fuzz_mutated_real_files(source: Path, edits: list[tuple[float, int, str]]) -> None:
    raw = bytearray(source.read_bytes())
    for where, op, piece in edits:
        at = int(where * len(raw))
        if op == 0:
            raw[at:at] = piece.encode()
        elif op == 1:
            del raw[at : at + 1 + len(piece)]
        elif op == 2:
            raw[at : at + len(piece)] = piece.encode()
        else:
            raw[at:at] = raw[max(0, at - 40) : at]  # repeat what is just before
    doc = load_bytes(bytes(raw), Document("f.yaml"))
    for f in doc.findings:
        assert f.line >= 1 and f.column >= 1 and f.message
    kind = "review" if "reviews" in source.parts else "taskbook"
    for f in check_document(doc, kind, Settings()).findings:
        assert f.line >= 1 and f.column >= 1 and f.message


# --- line breaks only libyaml sees -----------------------------------------------------


def test_yaml11_breaks_are_text_and_lines_are_the_editors() -> None:
    private = "".join(chr(c) for c in range(0xE000, 0xE010))  # the stand-ins must not collide
    text = f'a: x\u2028y\nb: "{private}\u2029\x85"\nc: [1, 2\n'
    doc = load_text(text)
    assert [(f.code, f.line) for f in doc.findings] == [("yaml-syntax", 4)]  # libyaml alone: line 2
    doc = load_text(text.replace("[1, 2\n", "[1, 2]\n"))
    assert doc.data == {"a": "x\u2028y", "b": f"{private}\u2029\x85", "c": [1, 2]}
    assert doc.locate(["c"]) == (3, 4)


def test_schema_findings_capped_before_they_are_explained(teaching_text: str) -> None:
    doc = load_text(teaching_text + "".join(f"u{i}: 1\n" for i in range(1000)))
    findings = check_document(doc, "taskbook", Settings()).findings
    assert [f.code for f in findings].count("schema") == 200
    assert (
        findings[-1].code == "too-many-findings" and "还有 800 个问题未列出" in findings[-1].message
    )
    grades = load_text("year: 2025\ngrades:\n" + "".join(f"  单位{i}: 很好\n" for i in range(500)))
    findings = check_document(grades, "grades", Settings()).findings
    assert len(findings) == 201 and findings[-1].severity is Severity.ERROR
    assert findings[0].line == 3 and "还有" in findings[-1].message
