"""`ankao validate` through the CLI: paths, formats, exit statuses, errors of the tool."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import write
from typer.testing import CliRunner

from ankao.cli import app

BAD_TARGET = ("        target: 5", "        target: 十个")


def _repo(root: Path, teaching_text: str, office_text: str) -> Path:
    write(root, "ankao.yaml", "school: 示范学院\n")
    write(root, "taskbooks/文学院.yaml", teaching_text)
    write(root, "taskbooks/图书馆.yaml", office_text)
    write(root, "grades/2025.yaml", "year: 2025\ngrades: {文学院: 优秀}\n")
    return root


def _json(result: object) -> dict[str, object]:
    out = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert isinstance(out, dict)
    return out


def test_valid_file_exit_0(runner: CliRunner, tmp_path: Path, teaching_text: str) -> None:
    path = write(tmp_path, "taskbooks/文学院.yaml", teaching_text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "没有发现问题" in result.stdout


def test_text_format_names_file_line_column(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "taskbooks/文学院.yaml", teaching_text.replace(*BAD_TARGET))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "taskbooks/文学院.yaml"])
    assert result.exit_code == 1
    line = teaching_text.split("\n").index(BAD_TARGET[0]) + 1
    assert f"taskbooks/文学院.yaml:{line}:17" in result.stdout
    assert "教学工作目标 › 第1项 › 量化指标 › 目标值：应为数字，实际是“十个”" in result.stdout
    assert "[schema]" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_json_shape_is_spec_section_3(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "taskbooks/a.yaml", teaching_text.replace(*BAD_TARGET))
    write(
        tmp_path,
        "taskbooks/b.yaml",
        teaching_text.replace("理论学习中心组学习", "理论学习\x07中心组学习"),
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "taskbooks", "--format", "json"])
    assert result.exit_code == 1
    out = _json(result)
    assert set(out) == {"diagnostics", "summary"}
    assert out["summary"] == {"files": 2, "errors": 1, "warnings": 1}
    diagnostics = out["diagnostics"]
    assert isinstance(diagnostics, list)
    for d in diagnostics:
        assert list(d) == ["file", "line", "column", "path", "code", "severity", "message"]
        assert isinstance(d["line"], int) and isinstance(d["column"], int)
    assert [(d["file"], d["code"], d["severity"]) for d in diagnostics] == [
        ("taskbooks/a.yaml", "schema", "error"),
        ("taskbooks/b.yaml", "control-character", "warning"),
    ]
    assert diagnostics[0]["path"] == "goals.teaching[0].metric.target"


def test_github_format(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "taskbooks/a.yaml", teaching_text.replace(*BAD_TARGET))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "taskbooks/a.yaml", "--format", "github"])
    assert result.exit_code == 1
    line = teaching_text.split("\n").index(BAD_TARGET[0]) + 1
    annotations = [ln for ln in result.stdout.splitlines() if ln.startswith("::")]
    assert len(annotations) == 1
    assert re.match(
        rf"^::error file=taskbooks/a\.yaml,line={line},col=17[^:]*::.*目标值", annotations[0]
    )


def test_only_warnings_exit_0(runner: CliRunner, tmp_path: Path, teaching_text: str) -> None:
    path = write(tmp_path, "x.yaml", teaching_text.replace("文学院", "文学院\x0b", 1))
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert _json(result)["summary"] == {"files": 1, "errors": 0, "warnings": 1}


def test_no_path_validates_repository_from_nearest_config(
    runner: CliRunner,
    tmp_path: Path,
    teaching_text: str,
    office_text: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _repo(tmp_path, teaching_text, office_text)
    write(root, "grades/2024.yaml", "year: 2024\ngrades: {文学院: 很好}\n")
    write(
        root, "notes/随手记.yaml", "这不是任务书: [\n"
    )  # outside the §1 folders: not part of the repository
    sub = root / "taskbooks"
    monkeypatch.chdir(sub)
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    out = _json(result)
    assert out["summary"]["files"] == 5  # type: ignore[index]
    files = {d["file"] for d in out["diagnostics"]}  # type: ignore[attr-defined]
    assert files == {"grades/2024.yaml"}
    (d,) = out["diagnostics"]  # type: ignore[misc]
    assert (d["line"], d["column"], d["path"]) == (2, 15, "grades.文学院")
    assert "很好" in d["message"]


def test_folder_walked_and_kind_by_folder(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same text is fine as a grade file and wrong as a task book: the folder decides.
    write(tmp_path, "grades/2025.yaml", "year: 2025\n")
    write(tmp_path, "taskbooks/2025.yaml", "year: 2025\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "grades", "taskbooks", "--format", "json"])
    assert result.exit_code == 1
    files = {d["file"] for d in _json(result)["diagnostics"]}  # type: ignore[attr-defined]
    assert files == {"taskbooks/2025.yaml"}


def test_missing_file_exit_2_one_chinese_line(
    runner: CliRunner, tmp_path: Path, teaching_text: str
) -> None:
    good = write(tmp_path, "a.yaml", teaching_text)
    result = runner.invoke(app, ["validate", str(good), str(tmp_path / "没有这个.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"ankao：找不到文件或文件夹：{tmp_path / '没有这个.yaml'}"
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_empty_folder_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "空").mkdir()
    result = runner.invoke(app, ["validate", str(tmp_path / "空")])
    assert result.exit_code == 2
    assert "没有找到要检查的 YAML 文件" in result.stderr


def test_bad_format_is_usage_error(runner: CliRunner, tmp_path: Path, teaching_text: str) -> None:
    path = write(tmp_path, "a.yaml", teaching_text)
    result = runner.invoke(app, ["validate", str(path), "--format", "xml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_one_bad_file_never_stops_the_others(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "taskbooks/1.yaml", b"\x00\x01\x02binary")
    write(tmp_path, "taskbooks/2.yaml", 'unit: "open\n')
    write(tmp_path, "taskbooks/3.yaml", "a: &a [*a]\n")
    write(tmp_path, "taskbooks/4.yaml", teaching_text.replace(*BAD_TARGET))
    write(tmp_path, "taskbooks/5.yaml", teaching_text)
    write(
        tmp_path,
        "taskbooks/6.yaml",
        "\ufeff" + teaching_text.replace("unit: 文学院", "unit: 文学院\nunit: 外院"),
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "taskbooks", "--format", "json"])
    assert result.exit_code == 1
    out = _json(result)
    assert out["summary"]["files"] == 6  # type: ignore[index]
    codes = {(d["file"], d["code"]) for d in out["diagnostics"]}  # type: ignore[attr-defined]
    assert ("taskbooks/1.yaml", "encoding") in codes
    assert ("taskbooks/2.yaml", "yaml-syntax") in codes
    assert ("taskbooks/4.yaml", "schema") in codes
    assert ("taskbooks/6.yaml", "duplicate-key") in codes
    assert not any(f == "taskbooks/5.yaml" for f, _ in codes)
    assert any(f == "taskbooks/3.yaml" for f, _ in codes)


def test_many_files_in_parallel_same_as_serial(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ankao.repository import checking as validation

    for i in range(validation.PARALLEL_FROM + 2):
        text = teaching_text.replace(*BAD_TARGET) if i % 7 == 0 else teaching_text
        write(tmp_path, f"taskbooks/{i:03d}.yaml", text)
    monkeypatch.chdir(tmp_path)
    parallel = runner.invoke(app, ["validate", "taskbooks", "--format", "json"])
    monkeypatch.setattr(validation, "PARALLEL_FROM", 10_000)
    serial = runner.invoke(app, ["validate", "taskbooks", "--format", "json"])
    assert parallel.exit_code == serial.exit_code == 1
    assert _json(parallel) == _json(serial)
    assert len(_json(serial)["diagnostics"]) == 8  # type: ignore[arg-type]


def test_broken_config_shown_even_when_not_named(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "ankao.yaml", "rules: {vague-wording: of}\n")
    write(tmp_path, "taskbooks/文学院.yaml", teaching_text)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "taskbooks/文学院.yaml", "--format", "json"])
    assert result.exit_code == 1
    (d,) = _json(result)["diagnostics"]  # type: ignore[misc]
    assert (d["file"], d["line"], d["path"]) == ("ankao.yaml", 1, "rules.vague-wording")


def test_tool_failure_one_line_and_debug_traceback(
    runner: CliRunner, tmp_path: Path, teaching_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ankao.repository import checking as validation

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("模拟的内部故障")

    monkeypatch.setattr(validation, "run", broken)
    path = write(tmp_path, "a.yaml", teaching_text)
    plain = runner.invoke(app, ["validate", str(path)])
    assert plain.exit_code == 2
    assert "Traceback" not in plain.output
    lines = plain.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ankao：内部错误") and "--debug" in lines[0]

    debug = runner.invoke(app, ["validate", str(path), "--debug"])
    assert debug.exit_code == 2  # --debug shows the traceback but keeps the status of SPEC §3
    assert "Traceback" in debug.stderr and "RuntimeError: 模拟的内部故障" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1].startswith("ankao：内部错误")


def test_usage_error_with_debug_still_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "none.yaml"), "--debug"])
    assert result.exit_code == 2
    assert "Traceback" in result.stderr and "AnkaoError" in result.stderr
    assert (
        result.stderr.strip().splitlines()[-1]
        == f"ankao：找不到文件或文件夹：{tmp_path / 'none.yaml'}"
    )


def test_version(runner: CliRunner) -> None:
    from ankao import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ankao {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", __version__)


def test_version_of_installed_script_is_fast_path() -> None:
    import subprocess
    import sys

    script = Path(sys.executable).with_name("ankao")
    if not script.exists():
        pytest.skip("ankao console script not installed in this environment")
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.startswith("ankao ")
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from ankao.cli import app; print(sorted(m for m in "
            "('jsonschema', 'docx', 'jinja2', 'openpyxl', 'rich', 'yaml') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.strip() == "[]", probe.stdout + probe.stderr


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [
        (["--version"], []),
        (["check", "--help"], ["diagnose"]),
        (["comments", "status", "--help"], ["comments"]),
        (
            ["--help"],
            [
                "assess",
                "comments",
                "consequences",
                "diagnose",
                "diff",
                "forms",
                "procedure",
                "render",
                "rules",
                "scaffold",
            ],
        ),
        (
            ["chek"],
            [
                "assess",
                "comments",
                "consequences",
                "diagnose",
                "diff",
                "forms",
                "procedure",
                "render",
                "rules",
                "scaffold",
            ],
        ),
    ],
)
def test_a_command_starts_with_its_own_module_only(argv: list[str], loaded: list[str]) -> None:
    """`ankao X` imports the module of X alone; the top-level help and a typo see them all."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        f"sys.argv = ['ankao', *{argv!r}]\n"
        "from ankao.cli import main, MODULES\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in MODULES if f'ankao.cli.{m}' in sys.modules), file=sys.stderr)\n"
    )
    probe = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert probe.stderr.strip().splitlines()[-1] == str(loaded), probe.stderr


def test_a_command_with_options_does_not_import_pydantic() -> None:
    """Typer 0.29 coerces every option through pydantic: +0.7 s on each command. The pin
    (typer < 0.29) and the help screen's reading of Click's types keep it out."""
    import subprocess
    import sys

    examples = Path(__file__).resolve().parents[2] / "examples"
    code = (
        "import sys\n"
        f"sys.argv = ['ankao', 'check', {str(examples)!r}, '--format', 'json']\n"
        "from ankao.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(code, sorted(m for m in ('pydantic', 'pydantic_core') if m in sys.modules), file=sys.stderr)\n"
    )
    probe = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert probe.stderr.strip().splitlines()[-1] == "0 []", probe.stderr


# --- no input whatsoever produces a traceback ----------------------------------------

MALFORMED: dict[str, bytes | str] = {
    "unclosed-double-quote": 'unit: "文学院\nkind: teaching\n',
    "unclosed-single-quote": "unit: '文学院\n",
    "unclosed-flow-list": "members: [张某, 李某\n",
    "unclosed-flow-map": "term: {start: 2024, end: 2027\n",
    "bad-indentation": "goals:\n  teaching:\n    - id: JX-01\n   content: x\n",
    "dedent-in-list": "members:\n  - name: 张某\n post: 书记\n",
    "tab-indent": "term:\n\tstart: 2024\n",
    "tab-after-value": "unit:\t文学院\t\n",
    "binary-bytes": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "random-high-bytes": bytes(range(128, 256)),
    "empty": "",
    "only-spaces": "   \n\n  \n",
    "only-comment": "# 任务书\n",
    "list-document": "- 文学院\n- 2024\n",
    "scalar-document": "文学院\n",
    "null-document": "~\n",
    "list-where-mapping": "schema_version: 1\nkind: teaching\nterm: [2024, 2027]\nmembers: {name: 张某}\ngoals: []\n",
    "deep-flow-nesting": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep-block-nesting": "".join("  " * i + f"k{i}:\n" for i in range(400)) + "  " * 400 + "v\n",
    "huge-int": "schema_version: " + "9" * 10000 + "\n",
    "huge-float": "schema_version: 1e99999\n",
    "nan-like": "schema_version: .nan\nterm: {start: .inf, end: -.inf}\n",
    "odd-tags": "unit: !!binary 5paH5a2m6Zmi\nkind: !teaching x\nterm: !!python/tuple [2024, 2027]\n",
    "python-object": "unit: !!python/object/apply:os.system ['echo hi']\n",
    "merge-keys": "base: &b {start: 2024}\nterm:\n  <<: *b\n  <<: *b\n  end: 2027\n",
    "merge-self": "term: &t {<<: *t}\n",
    "merge-scalar": "term: {<<: 2024}\n",
    "anchor-cycle": "goals: &g {teaching: *g}\n",
    "undefined-alias": "unit: *nothing\n",
    "alias-bomb": "a: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(9)
    ),
    "two-documents": "unit: 甲\n---\nunit: 乙\n",
    "document-end": "unit: 甲\n...\nmore: 1\n",
    "directive": "%YAML 1.1\n%TAG ! tag:x,2000:\n--- !t\nunit: 1\n",
    "complex-key": "? [a, b]\n: 1\n? {x: 1}\n: 2\n",
    "null-and-bool-keys": "~: 1\ntrue: 2\n2025: 3\n",
    "fullwidth-everything": "unit：文学院\n\u3000\u3000kind：teaching\n－ 张某\n",
    "control-characters": "unit: 文学院\x01\x02\x1b\n",
    "escaped-controls": 'unit: "\\0\\a\\b\\e\\x7f\\u200b\\U0001F600"\n',
    "bad-escape": 'unit: "\\q"\n',
    "surrogate-escape": 'unit: "\\ud800"\n',
    "crlf": "unit: 文学院\r\nkind: teaching\r\n",
    "cr-only": "unit: 文学院\rkind: teaching\r",
    "bom-in-middle": "unit: 文\ufeff学院\n",
    "utf16": "unit: 文学院\n".encode("utf-16"),
    "utf32": "unit: 文学院\n".encode("utf-32"),
    "gb18030": "unit: 文学院 €\n".encode("gb18030"),
    "latin1": "unit: café\n".encode("latin-1"),
    "overlong-utf8": b"unit: \xc0\xaf\n",
    "truncated-utf8": "unit: 文学院".encode()[:-1],
    "very-long-line": "unit: " + "长" * 200_000 + "\n",
    "many-keys": "".join(f"k{i}: {i}\n" for i in range(5000)),
    "duplicate-everywhere": "unit: a\nunit: b\nterm: {start: 1, start: 2}\n",
    "weird-numbers": "schema_version: 0x1\nterm: {start: 0o3720, end: +2027}\n",
    "json-document": '{"schema_version": 1, "kind": "teaching", "unit": "文学院", "goals": {"teaching": [null]}}',
    "members-null-items": "members:\n  -\n  - ~\n  - name:\n",
    "goals-null-sections": "kind: teaching\ngoals:\n  teaching:\n  research: ~\n  faculty: [~, 1, [], {}]\n",
    "metric-wrong-shapes": "kind: teaching\ngoals:\n  teaching:\n    - id: 1\n      metric: [1]\n      actuals: {2025: {status: 好}, 25: x}\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_input_is_a_finding_never_a_traceback(
    runner: CliRunner, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, f"taskbooks/{name}.yaml", MALFORMED[name])
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", f"taskbooks/{name}.yaml", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output and "内部错误" not in result.output
    assert result.exit_code == 1, result.output
    out = _json(result)
    errors = [d for d in out["diagnostics"] if d["severity"] == "error"]  # type: ignore[union-attr,index]
    assert errors
    raw = MALFORMED[name]
    lines = (raw if isinstance(raw, bytes) else raw.encode()).count(b"\n") + 1
    for d in out["diagnostics"]:  # type: ignore[union-attr]
        assert 1 <= d["line"] <= lines + 1 and d["column"] >= 1, d  # type: ignore[index]
        assert len(d["message"]) < 400  # type: ignore[index]


def test_all_malformed_at_once(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, teaching_text: str
) -> None:
    for name, content in MALFORMED.items():
        write(tmp_path, f"taskbooks/{name}.yaml", content)
    write(tmp_path, "taskbooks/zz-good.yaml", teaching_text)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "taskbooks", "--format", "json"])
    assert result.exit_code == 1
    out = _json(result)
    assert out["summary"]["files"] == len(MALFORMED) + 1  # type: ignore[index]
    failed = {d["file"] for d in out["diagnostics"] if d["severity"] == "error"}  # type: ignore[union-attr,index]
    assert failed == {f"taskbooks/{n}.yaml" for n in MALFORMED}


REVIEW = """unit: 理学院
round: 2
reviewer: 科技处
comments:
  - {id: 教务处-1, ref: general, text: 请补充。}
"""


def test_review_file_that_disagrees_with_its_place(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "ankao.yaml", "school: 某学院\n")
    write(tmp_path, "reviews/文学院/r1-教务处.yaml", REVIEW)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    found = [
        (d["code"], d["line"], d["column"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
    ]
    assert found == [
        ("review-unit", 1, 7, "单位名称“理学院”与文件所在的文件夹 reviews/文学院/ 不一致"),
        ("review-round", 2, 8, "轮次 2 与文件名 r1-教务处.yaml 的轮次 1 不一致"),
        (
            "review-reviewer",
            3,
            11,
            "审核部门“科技处”与文件名 r1-教务处.yaml 中的审核部门“教务处”不一致",
        ),
    ]


def test_file_named_from_inside_its_folder_keeps_its_kind(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        "reviews/文学院/r1-教务处.yaml",
        REVIEW.replace("理学院", "文学院")
        .replace("round: 2", "round: 1")
        .replace("科技处", "教务处"),
    )
    monkeypatch.chdir(tmp_path / "reviews" / "文学院")
    result = runner.invoke(app, ["validate", "r1-教务处.yaml"])
    assert result.exit_code == 0, result.output  # a review file, not a task book missing its keys


def test_check_of_a_repository_with_grades_leaves_the_consequences_unloaded(
    tmp_path: Path,
) -> None:
    """`check` reads the grade files for their checks across files; what the grades lead
    to is `ankao consequences`' business, and its module stays unloaded (7 ms)."""
    import shutil
    import subprocess
    import sys

    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples", repo)
    assert list((repo / "grades").glob("*.yaml"))
    code = (
        "import sys\n"
        "sys.argv = ['ankao', 'check']\n"
        "from ankao.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    print('exit', exit.code)\n"
        "print(sorted(m for m in ('ankao.repository.grades', 'ankao.grades.consequences') if m in sys.modules))\n"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=repo
    )
    assert probe.stdout.strip().splitlines()[-2:] == ["exit 0", "['ankao.repository.grades']"], (
        probe.stderr
    )
