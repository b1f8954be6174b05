"""`ankao init` and `ankao new` through the CLI: what they create, and what they never touch."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ankao.cli import app
from ankao.load.config import load_config
from ankao.load.document import load_file
from ankao.model.sections import SECTIONS


def _validate(runner: CliRunner, *paths: Path) -> dict[str, object]:
    result = runner.invoke(app, ["validate", *map(str, paths), "--format", "json"])
    out = json.loads(result.stdout)
    assert isinstance(out, dict)
    out["exit"] = result.exit_code
    return out


def test_init_creates_repository(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "任期目标"
    result = runner.invoke(app, ["init", str(root), "--school", "示范学院"])
    assert result.exit_code == 0, result.output
    for name in (
        "ankao.yaml",
        ".pre-commit-config.yaml",
        "taskbooks",
        "reviews",
        "approvals",
        "grades",
    ):
        assert (root / name).exists(), name
    schemas = sorted(p.name for p in (root / ".ankao" / "schemas").glob("*.json"))
    assert {
        "teaching.schema.json",
        "office.schema.json",
        "defs.schema.json",
        "config.schema.json",
    } <= set(schemas)
    assert "已创建  ankao.yaml" in result.stdout
    config, doc = load_config(root)
    assert doc is not None and not doc.findings
    assert config.school == "示范学院"
    out = _validate(runner, root / "ankao.yaml")
    assert out["exit"] == 0, out
    import yaml

    pre_commit = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for h in pre_commit["repos"][0]["hooks"]}
    assert hooks["ankao-validate"]["entry"] == "ankao validate"
    assert hooks["ankao-validate"]["pass_filenames"] is True
    # check reads the whole repository, so a second book for a unit fails the commit
    assert hooks["ankao-check"]["entry"] == "ankao check"
    assert hooks["ankao-check"]["pass_filenames"] is False


def test_init_twice_overwrites_nothing(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    config = tmp_path / "ankao.yaml"
    hook = tmp_path / ".pre-commit-config.yaml"
    config.write_text("# 我改过的配置\nschool: 我的学校\n", encoding="utf-8")
    hook.write_text("repos: []\n", encoding="utf-8")
    again = runner.invoke(app, ["init", str(tmp_path), "--school", "别的学校"])
    assert again.exit_code == 0, again.output
    assert config.read_text(encoding="utf-8") == "# 我改过的配置\nschool: 我的学校\n"
    assert hook.read_text(encoding="utf-8") == "repos: []\n"
    assert "已存在  ankao.yaml（未改动）" in again.stdout
    assert "已创建" not in again.stdout


def test_init_school_name_needing_quotes(runner: CliRunner, tmp_path: Path) -> None:
    name = "示范学院: 本部 #1"
    assert runner.invoke(app, ["init", str(tmp_path), "--school", name]).exit_code == 0
    config, _ = load_config(tmp_path)
    assert config.school == name


def test_init_on_a_file_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "文件"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 2
    assert "不是文件夹" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["teaching", "office"])
def test_new_scaffold_passes_validate(
    runner: CliRunner, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    unit = "文学院" if kind == "teaching" else "图书馆"
    result = runner.invoke(app, ["new", unit, "--kind", kind, "--term", "2024-2027"])
    assert result.exit_code == 0, result.output
    assert (
        f"下一步：编辑 taskbooks/{unit}.yaml，然后运行 ankao check taskbooks/{unit}.yaml"
        in result.output
    )
    path = tmp_path / "taskbooks" / f"{unit}.yaml"
    text = path.read_text(encoding="utf-8")

    first = text.split("\n", 1)[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, first
    schema = (path.parent / m.group(1)).resolve()
    assert schema.name == f"{kind}.schema.json" and schema.is_file()

    doc = load_file(path)
    assert doc.loaded and not doc.findings
    assert doc.data["kind"] == kind and doc.data["unit"] == unit
    assert doc.data["term"] == {"start": 2024, "end": 2027}
    assert list(doc.data["goals"]) == [k for k, _ in SECTIONS[kind]]

    # A Chinese comment on every key the scaffold writes.
    for line in text.splitlines():
        if re.match(r"^\s*(- )?[a-z_]+:", line) and not line.lstrip().startswith("#"):
            key = re.match(r"^\s*(?:- )?([a-z_]+):", line).group(1)  # type: ignore[union-attr]
            has_comment = "#" in line or _comment_above(text, line)
            assert has_comment, f"no comment for {key}: {line!r}"

    out = _validate(runner, path)
    assert out["exit"] == 0, out
    assert out["diagnostics"] == []


def _comment_above(text: str, line: str) -> bool:
    lines = text.splitlines()
    i = lines.index(line)
    return i > 0 and lines[i - 1].lstrip().startswith("#")


def test_new_takes_term_from_config(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ankao.yaml").write_text("term: {start: 2025, end: 2028}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["new", "外国语学院", "--kind", "teaching"]).exit_code == 0
    doc = load_file(tmp_path / "taskbooks" / "外国语学院.yaml")
    assert doc.data["term"] == {"start": 2025, "end": 2028}


def test_new_refuses_to_overwrite(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["new", "文学院", "--kind", "teaching"]).exit_code == 0
    path = tmp_path / "taskbooks" / "文学院.yaml"
    path.write_text("# 已经写了很多内容\n", encoding="utf-8")
    again = runner.invoke(app, ["new", "文学院", "--kind", "office"])
    assert again.exit_code == 2
    assert "文件已存在" in again.stderr and "Traceback" not in again.output
    assert path.read_text(encoding="utf-8") == "# 已经写了很多内容\n"


@pytest.mark.parametrize("unit", ["../../外面", "计算机/软件学院", "a\\b"])
def test_new_unit_with_path_separator_exit_2(
    runner: CliRunner, tmp_path: Path, unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a/b` and `a_b` would share one file name: refused, one line, exit 2 (issue 27)."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new", unit, "--kind", "office", "--term", "2024-2027"])
    assert result.exit_code == 2
    assert "路径分隔符" in result.stderr
    assert not list(tmp_path.rglob("*.yaml"))


@pytest.mark.parametrize("unit", ["计算机 学院", "..", "CON", "国际: 交流 #处"])
def test_new_odd_unit_names_stay_inside(
    runner: CliRunner, tmp_path: Path, unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["new", unit, "--kind", "office", "--term", "2024-2027"])
    assert result.exit_code == 0, result.output
    written = [p for p in root.rglob("*.yaml")]
    assert len(written) == 1
    (path,) = written
    assert path.parent == root / "taskbooks"
    assert not any(p.is_file() for p in tmp_path.iterdir())  # nothing outside the repository
    doc = load_file(path)
    assert not doc.findings and doc.data["unit"] == unit
    assert _validate(runner, path)["exit"] == 0


@pytest.mark.parametrize("term", ["2027-2024", "2024", "二〇二四-二〇二七"])
def test_new_bad_term_exit_2(
    runner: CliRunner, tmp_path: Path, term: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new", "文学院", "--kind", "teaching", "--term", term])
    assert result.exit_code == 2
    assert "任期" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "taskbooks" / "文学院.yaml").exists()


def test_new_empty_unit_and_bad_kind(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    empty = runner.invoke(app, ["new", "  ", "--kind", "teaching"])
    assert empty.exit_code == 2 and "单位名称不能为空" in empty.stderr
    bad = runner.invoke(app, ["new", "文学院", "--kind", "college"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_new_output_option(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "草稿" / "文学院-草稿.yaml"
    result = runner.invoke(app, ["new", "文学院", "--kind", "teaching", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file()
    first = target.read_text(encoding="utf-8").split("\n", 1)[0]
    schema = (target.parent / first.split("$schema=", 1)[1]).resolve()
    assert schema.is_file()
    assert _validate(runner, target)["exit"] == 0
