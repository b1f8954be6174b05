"""Review data: nothing dropped without a finding, one file per reviewer and round (issue 11)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from ankao.cli import app


def _json(args: list[str]) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def _codes(data: dict[str, object]) -> list[tuple[str, str]]:
    return [(d["file"], d["code"]) for d in data["diagnostics"]]  # type: ignore[attr-defined, index]


def _commented(repo: Path, texts: list[str]) -> Path:
    result = CliRunner().invoke(app, ["render", "taskbooks/文学院.yaml", "-o", "out"])
    assert result.exit_code == 0, result.output
    (source,) = (repo / "out").glob("*.docx")
    d = docx.Document(str(source))
    rows = [r for t in d.tables for r in t.rows if r.cells[0].text.startswith("JX-")]
    for row, text in zip(rows, texts, strict=False):
        d.add_comment(row.cells[1].paragraphs[0].runs, text, author="教务处王某")
    path = repo / "批注.docx"
    d.save(str(path))
    return path


def _import(path: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        [
            "comments",
            "import",
            str(path),
            "--unit",
            "文学院",
            "--round",
            "2",
            "--reviewer",
            "教务处",
            *extra,
        ],
    )
    return result.exit_code, result.output


def _review(repo: Path, name: str = "r2-教务处.yaml") -> dict[str, object]:
    data = yaml.safe_load((repo / "reviews" / "文学院" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_two_word_comments_with_one_id_are_both_imported_with_a_warning(repo: Path) -> None:
    path = _commented(repo, ["第一条。", "第二条。"])
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    for name in ("word/comments.xml", "word/document.xml"):
        parts[name] = parts[name].replace(b'w:id="1"', b'w:id="0"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    code, output = _import(path)
    assert code == 0, output
    comments = _review(repo)["comments"]
    assert [c["text"] for c in comments] == ["第一条。", "第二条。"]  # type: ignore[attr-defined, index]
    assert "Word 文件中有两条批注的编号相同（w:id=0），两条都已导入" in output
    assert "[import-anchor]" in output


@pytest.mark.parametrize("owner", ["教务处", "response"])
def test_a_yml_beside_a_yaml_is_a_finding_and_read_once(repo: Path, owner: str) -> None:
    folder = repo / "reviews" / "文学院"
    shutil.copy(folder / f"r1-{owner}.yaml", folder / f"r1-{owner}.yml")
    for args in (["comments", "merge", "文学院", "--round", "1"], ["comments", "status", "文学院"]):
        code, data = _json(args)
        assert code == 1
        assert _codes(data) == [(f"reviews/文学院/r1-{owner}.yml", "duplicate-review-file")], args
        [finding] = data["diagnostics"]  # type: ignore[misc]
        assert finding["message"].startswith(f"r1-{owner}.yml 与 r1-{owner}.yaml 都是第 1 轮")
        assert f"只读取了 r1-{owner}.yaml，没有读取 r1-{owner}.yml" in finding["message"]
    code, data = _json(["comments", "merge", "文学院", "--round", "1"])
    ids = [i for o in data["opinions"] for i in o["ids"]]  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids)) == 12


def test_import_writes_over_an_existing_yml_never_beside_it(repo: Path) -> None:
    path = _commented(repo, ["第一条。"])
    folder = repo / "reviews" / "文学院"
    (folder / "r2-教务处.yml").write_text("# 手写的\n", encoding="utf-8")
    code, output = _import(path)
    assert (
        code == 2
        and "reviews/文学院/r2-教务处.yml 已存在，没有覆盖；确需重新导入请加 --force" in output
    )
    code, output = _import(path, "--force")
    assert code == 0, output
    assert not (folder / "r2-教务处.yaml").exists()
    assert [c["text"] for c in _review(repo, "r2-教务处.yml")["comments"]] == ["第一条。"]  # type: ignore[attr-defined, index]


def test_a_400000_character_comment_is_cut_with_a_warning_and_validates(repo: Path) -> None:
    path = _commented(repo, ["【必须修改】" + "很长的意见。" * 66_666, "短的。"])
    code, output = _import(path)
    assert code == 0, output
    assert "第 1 条批注的内容有 399,9" not in output
    assert "第 1 条批注的内容有 400002 字，超过 20000 字，只导入了前面部分" in output
    comments = _review(repo)["comments"]
    assert comments[0]["kind"] == "必须修改" and comments[0]["text"].endswith("……（已截断）")  # type: ignore[index]
    assert comments[1]["text"] == "短的。"  # type: ignore[index]
    code, data = _json(["validate", "reviews/文学院/r2-教务处.yaml"])
    assert code == 0, data


def test_comments_too_large_together_are_refused_before_writing(repo: Path) -> None:
    path = _commented(repo, ["意见。" * 6_000] * 5)  # 5 × 18,000 characters ≈ 270 KB
    config = (repo / "ankao.yaml").read_text(encoding="utf-8")
    assert "max_file_size: 1048576 " in config
    (repo / "ankao.yaml").write_text(
        config.replace("max_file_size: 1048576 ", "max_file_size: 102400 "), encoding="utf-8"
    )
    code, output = _import(path)
    assert code == 2
    assert "超过文件大小上限 100 KB" in output and "没有写入" in output
    assert not (repo / "reviews" / "文学院" / "r2-教务处.yaml").exists()
