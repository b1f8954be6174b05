"""The user's mistakes are one Chinese line and exit 1 or 2, never 内部错误 (issue 11)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import copy_examples
from typer.testing import CliRunner

from ankao.cli import app
from hostile.bounded import run_bounded

ROOT = os.geteuid() == 0


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("ankao：")
    return lines[0]


# (arguments, exit status, the line said)
CASES = [
    (["init", "afile"], 2, "ankao：afile 已存在且不是文件夹"),
    (["comments", "packets", "--round", "1", "-o", "afile"], 2, "ankao：afile 已存在且不是文件夹"),
    (
        ["comments", "merge", "文学院", "--round", "0"],
        2,
        "ankao：--round 的值无效：应不小于 1（用 ankao comments merge --help 查看用法）",
    ),
    (
        [
            "comments",
            "import",
            "x.docx",
            "--unit",
            "文学院",
            "--round",
            "2",
            "--reviewer",
            "教务处",
            "--date",
            "foo",
        ],
        2,
        "ankao：--date 应为 YYYY-MM-DD 格式的日期，如 2025-03-01，实际是“foo”",
    ),
    (
        [
            "comments",
            "import",
            "x.docx",
            "--unit",
            "文学院",
            "--round",
            "2",
            "--reviewer",
            "教务处",
            "--date",
            "2025-02-30",
        ],
        2,
        "ankao：--date 应为 YYYY-MM-DD 格式的日期，如 2025-03-01，实际是“2025-02-30”",
    ),
    (["render", "-o", ""], 2, "ankao：-o 不能为空：请写出输出文件夹，如 -o out/docx"),
    (["render", "-o", "  "], 2, "ankao：-o 不能为空：请写出输出文件夹，如 -o out/docx"),
    (["render", "-o", "afile"], 2, "ankao：无法创建输出文件夹 afile：已存在同名的文件"),
]


@pytest.mark.parametrize(
    ("args", "status", "line"), CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_a_mistake_is_one_chinese_line(repo: Path, args: list[str], status: int, line: str) -> None:
    (repo / "afile").write_text("", encoding="utf-8")
    result = run_bounded(args, repo)
    assert result.returncode == status
    assert one_line(result.stderr) == line


BROKEN_CONFIGS = [
    ("school: [\n", "ankao：ankao.yaml:{n}:1 "),  # YAML syntax: reported where the text ends
    ("school: 123\n", "ankao：ankao.yaml:5:9 学校名称：应为文字，实际是123"),
]


@pytest.mark.parametrize(("change", "start"), BROKEN_CONFIGS)
@pytest.mark.parametrize(
    "args",
    [
        ["render", "-o", "out"],
        ["comments", "merge", "文学院", "--round", "1"],
        ["comments", "status"],
        ["comments", "packets", "--round", "1", "-o", "p"],
    ],
)
def test_a_broken_ankao_yaml_stops_render_and_comments(
    repo: Path, change: str, start: str, args: list[str]
) -> None:
    config = (repo / "ankao.yaml").read_text(encoding="utf-8")
    if change.startswith("school: 123"):
        config = config.replace("school: 某师范学院", "school: 123", 1)
    else:
        config += change
    (repo / "ankao.yaml").write_text(config, encoding="utf-8")
    result = run_bounded(args, repo)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith(start.format(n=len(config.splitlines()) + 1)), line
    assert line.endswith("请先修正（ankao validate ankao.yaml 列出全部问题）")
    assert not (repo / "out").exists() and not (repo / "p").exists()


TEMPLATES = [
    ("{% for i in range(10**8) %}x{% endfor %}", "运行时超出限制"),
    (
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
        "range() 循环超过 1000000 次",
    ),
    ('{{ "x" * 10**10 }}', "乘出的文字或列表超过 1000000"),
    ("{{ 7 ** 100000000 }}", "乘方结果太大"),
    ('{{ "x".center(10**10) }}', "参数超过 1000000"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "运行时超出限制"),
    ('{% for i in range(99999) %}{{ "x" * 50 }}{% endfor %}', "输出超过 1000000 个字符"),
    ("{{ 1 / 0 }}", "运行出错：ZeroDivisionError"),
    ("{{ unit.__class__.__mro__ }}", "有错误"),
    ('{{ "x"|center(10**10) }}', "参数超过 1000000"),
    ('{{ "x"|indent(10**10) }}', "参数超过 1000000"),
    ('{{ "{:>9999999999}".format("x") }}', "格式中的宽度或精度超过 1000000"),
    ('{{ "%9999999999s" % "x" }}', "格式中的宽度或精度超过 1000000"),
    ('{{ "%09999999999d"|format(1) }}', "格式中的宽度或精度超过 1000000"),
    ("{{ lipsum(10**9) }}", "'lipsum' is undefined"),
]


def test_a_reasonable_template_still_renders(repo: Path) -> None:
    import docx

    (repo / "templates").mkdir()
    (repo / "templates" / "service_commitment.j2").write_text(
        '{{ unit }}承诺：{{ "{:,}".format(123456789) }}元，{{ "%s年" % 2025 }}，{{ 7 % 3 }}，'
        '{% for i in range(3) %}{{ i }}{% endfor %}，{{ ["甲", "乙"]|join("、") }}，{{ "x"|center(5) }}。',
        encoding="utf-8",
    )
    result = run_bounded(
        ["render", "taskbooks/图书馆.yaml", "-o", "out"], repo
    )  # office books hold it
    assert result.returncode == 0, result.stderr
    (path,) = (repo / "out").glob("*.docx")
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "图书馆承诺：123,456,789元，2025年，1，012，甲、乙，  x  。" in texts


@pytest.mark.parametrize(("template", "said"), TEMPLATES)
def test_a_runaway_template_is_stopped(repo: Path, template: str, said: str) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / "service_commitment.j2").write_text(template, encoding="utf-8")
    result = run_bounded(["render", "-o", "out"], repo)
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith("ankao：模板 service_commitment.j2 ") and said in line, line


# ------------------------------------------------------------------ permissions

needs_user = pytest.mark.skipif(ROOT, reason="以 root 运行时文件权限不起作用")


@needs_user
def test_init_into_a_read_only_parent(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir(mode=0o555)
    result = run_bounded(["init", "ro/new"], tmp_path)
    assert result.returncode == 2
    assert one_line(result.stderr) == "ankao：无法创建文件夹 ro/new：没有权限"


@needs_user
def test_an_unreadable_templates_folder(repo: Path) -> None:
    (repo / "templates").mkdir(mode=0o000)
    try:
        result = run_bounded(["render", "-o", "out"], repo)
    finally:
        (repo / "templates").chmod(0o755)
    assert result.returncode == 2
    assert one_line(result.stderr).startswith("ankao：无法读取模板文件夹 ")


def test_init_into_a_read_only_parent_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self.name == "new":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["init", "ro/new"])
    assert result.exit_code == 2
    assert result.output.strip() == "ankao：无法创建文件夹 ro/new：没有权限"


def test_an_unreadable_templates_folder_in_process(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "templates").mkdir()
    original = Path.is_file

    def is_file(self: Path) -> bool:
        if self.parent.name == "templates" and self.parent.parent == repo:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["render", "-o", "out"])
    assert result.exit_code == 2
    assert result.output.strip() == f"ankao：无法读取模板文件夹 {repo / 'templates'}：没有权限"
