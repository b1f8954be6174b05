"""`ankao render`: exit statuses, what is written where, JSON, and a LibreOffice conversion."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import soffice_convert
from typer.testing import CliRunner

from ankao.cli import app
from tests.conftest import OFFICE_BOOK, TEACHING_BOOK, write


def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    write(root, "ankao.yaml", "school: 某师范学院\n")
    write(root, "taskbooks/文学院.yaml", TEACHING_BOOK.read_text(encoding="utf-8"))
    write(root, "taskbooks/图书馆.yaml", OFFICE_BOOK.read_text(encoding="utf-8"))
    return root


def invoke(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_renders_every_book_of_the_repository(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(tmp_path)
    monkeypatch.chdir(root)
    code, output = invoke(runner, "render", "-o", "out")
    assert code == 0, output
    assert sorted(p.name for p in (root / "out").iterdir()) == [
        "图书馆-任期目标任务书.docx",
        "文学院-任期目标任务书.docx",
    ]
    assert "已生成 2 个文档" in output and "out/文学院-任期目标任务书.docx" in output
    title = docx.Document(str(root / "out" / "文学院-任期目标任务书.docx")).paragraphs[0].text
    assert title == "某师范学院\n文学院中层领导班子任期目标任务书"


def test_json_lists_what_was_written(runner: CliRunner, tmp_path: Path) -> None:
    root = repo(tmp_path)
    out = tmp_path / "docs"
    code, output = invoke(
        runner,
        "render",
        str(root / "taskbooks" / "图书馆.yaml"),
        "-o",
        str(out),
        "--format",
        "json",
    )
    assert code == 0, output
    data = json.loads(output)
    assert data["summary"]["files"] == 1
    assert "schema" not in {
        d["code"] for d in data["diagnostics"]
    }  # rule findings only (minimal book)
    assert data["written"] == [
        {
            "file": str(root / "taskbooks" / "图书馆.yaml"),
            "unit": "图书馆",
            "output": str(out / "图书馆-任期目标任务书.docx"),
        }
    ]


def test_unsafe_unit_names_stay_inside_the_output_folder(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    text = OFFICE_BOOK.read_text(encoding="utf-8").replace(
        "unit: 图书馆", "unit: ' ../../校 /办 .. '"
    )
    write(root, "taskbooks/a.yaml", text)
    out = root / "out"
    code, output = invoke(runner, "render", str(root / "taskbooks"), "-o", str(out), "-f", "json")
    assert code == 0, output
    written = json.loads(output)["written"]
    assert len(written) == 1 and written[0]["unit"] == " ../../校 /办 .. "
    files = list(out.iterdir())
    assert len(files) == 1 and files[0].name.endswith("-任期目标任务书.docx")
    assert "/" not in files[0].name and not files[0].name.startswith(".")
    assert sorted(p.name for p in tmp_path.rglob("*.docx")) == [files[0].name]


def test_two_books_of_one_unit_are_both_refused(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, "taskbooks/a.yaml", OFFICE_BOOK.read_text(encoding="utf-8"))
    write(
        root, "taskbooks/b.yaml", OFFICE_BOOK.read_text(encoding="utf-8").replace("DJ-01", "DJ-09")
    )
    write(root, "taskbooks/c.yaml", TEACHING_BOOK.read_text(encoding="utf-8"))
    for n, given in enumerate(
        [root, root / "taskbooks"]
    ):  # the whole repository, and the books named
        out = tmp_path / f"o{n}"
        code, output = invoke(runner, "render", str(given), "-o", str(out), "-f", "json")
        assert code == 1, output
        data = json.loads(output)
        assert [w["unit"] for w in data["written"]] == ["文学院"]
        dupes = [d for d in data["diagnostics"] if d["code"] == "duplicate-unit"]
        assert sorted(Path(d["file"]).name for d in dupes) == ["a.yaml", "b.yaml"]
        assert all(d["line"] == 3 and "图书馆" in d["message"] for d in dupes)
        assert sorted(p.name for p in out.iterdir()) == ["文学院-任期目标任务书.docx"]


def test_book_with_schema_errors_is_not_rendered(runner: CliRunner, tmp_path: Path) -> None:
    root = repo(tmp_path)
    bad = OFFICE_BOOK.read_text(encoding="utf-8").replace(
        "unit: 图书馆", "unit: 坏单位\nextra_key: 1"
    )
    line = bad.splitlines().index("extra_key: 1") + 1
    write(root, "taskbooks/坏.yaml", bad)
    out = tmp_path / "o"
    code, output = invoke(runner, "render", str(root), "-o", str(out), "-f", "json")
    assert code == 1, output
    data = json.loads(output)
    schema = [d for d in data["diagnostics"] if d["code"] == "schema"]
    assert [(Path(d["file"]).name, d["line"]) for d in schema] == [("坏.yaml", line)]
    assert "extra_key" in schema[0]["message"] or "extra_key" in schema[0]["path"]
    assert sorted(w["unit"] for w in data["written"]) == ["图书馆", "文学院"]
    assert not (out / "坏单位-任期目标任务书.docx").exists()


def test_yaml_syntax_error_is_reported_with_its_line(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, "taskbooks/x.yaml", "schema_version: 1\nkind: office\nunit: '未闭合\n")
    code, output = invoke(
        runner, "render", str(root / "taskbooks" / "x.yaml"), "-o", str(tmp_path / "o")
    )
    assert code == 1
    assert "x.yaml:3:" in output and "没有生成任何文档" in output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_rule_findings_are_shown_but_do_not_block(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    text = TEACHING_BOOK.read_text(encoding="utf-8").replace(
        "target: 12\n", "target: 12\n      owner: 不在班子里的人\n", 1
    )
    write(root, "taskbooks/文学院.yaml", text)
    code, output = invoke(
        runner, "render", str(root / "taskbooks"), "-o", str(tmp_path / "o"), "-f", "json"
    )
    data = json.loads(output)
    assert code == 0, output
    assert "owner-not-member" in {d["code"] for d in data["diagnostics"]}
    assert (tmp_path / "o" / "文学院-任期目标任务书.docx").is_file()


def test_no_task_book_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(root, "grades/2025.yaml", "year: 2025\ngrades: {}\n")
    code, output = invoke(runner, "render", str(root / "grades"), "-o", str(tmp_path / "o"))
    assert code == 2 and "没有找到任务书" in output


def test_output_option_is_required(runner: CliRunner, tmp_path: Path) -> None:
    code, _ = invoke(runner, "render", str(repo(tmp_path)))
    assert code == 2


@pytest.mark.soffice
def test_libreoffice_converts_a_rendered_book(runner: CliRunner, tmp_path: Path) -> None:
    root = repo(tmp_path)
    out = tmp_path / "o"
    code, output = invoke(runner, "render", str(root / "taskbooks" / "文学院.yaml"), "-o", str(out))
    assert code == 0, output
    pdf = soffice_convert(out / "文学院-任期目标任务书.docx", "pdf", tmp_path / "pdf")
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "任期目标任务书" in text and "JX-01" in text


# ------------------------------------------------------------------ reviewers' work and identity


def test_a_commented_document_survives_a_second_render(runner: CliRunner, tmp_path: Path) -> None:
    root = repo(tmp_path)
    out = tmp_path / "out"
    assert invoke(runner, "render", str(root), "-o", str(out))[0] == 0
    mine = out / "文学院-任期目标任务书.docx"
    d = docx.Document(str(mine))
    d.add_comment(d.paragraphs[0].runs, "请核对单位名称。", author="教务处")
    d.save(str(mine))
    commented = mine.read_bytes()
    code, output = invoke(runner, "render", str(root), "-o", str(out), "-f", "json")
    assert code == 1, output
    assert mine.read_bytes() == commented  # the comments are still there
    data = json.loads(output)
    (refusal,) = [d for d in data["diagnostics"] if d["code"] == "output-protected"]
    assert refusal["file"] == str(mine) and refusal["severity"] == "error"
    assert refusal["message"] == (
        "已有的这个文档含有批注，没有覆盖（重新生成会丢失其中的批注和修改）；"
        "请先移走或改名，确需覆盖请加 --force"
    )
    # ankao's own unchanged output is replaced as always
    assert [w["unit"] for w in data["written"]] == ["图书馆"]
    code, output = invoke(runner, "render", str(root), "-o", str(out))
    assert code == 1 and "含有批注" in output and "--force" in output
    code, output = invoke(runner, "render", str(root), "-o", str(out), "--force")
    assert code == 0, output
    assert mine.read_bytes() != commented


def test_a_document_changed_after_ankao_wrote_it_is_not_replaced(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = repo(tmp_path)
    out = tmp_path / "out"
    assert invoke(runner, "render", str(root), "-o", str(out))[0] == 0
    edited = out / "图书馆-任期目标任务书.docx"
    d = docx.Document(str(edited))
    d.add_paragraph("办公室补充的一段话。")
    d.save(str(edited))
    foreign = out / "文学院-任期目标任务书.docx"
    docx.Document().save(str(foreign))  # same name, not written by ankao
    before = edited.read_bytes(), foreign.read_bytes()
    code, output = invoke(runner, "render", str(root), "-o", str(out), "-f", "json")
    assert code == 1
    messages = {
        Path(d["file"]).name: d["message"]
        for d in json.loads(output)["diagnostics"]
        if d["code"] == "output-protected"
    }
    assert "在 ankao 生成后被修改过" in messages["图书馆-任期目标任务书.docx"]
    assert "不是 ankao 生成的" in messages["文学院-任期目标任务书.docx"]
    assert (edited.read_bytes(), foreign.read_bytes()) == before


def test_custom_properties_say_whose_document_it_is(runner: CliRunner, tmp_path: Path) -> None:
    import zipfile
    from xml.etree import ElementTree

    from ankao import __version__
    from ankao.repository.scan import scan

    root = repo(tmp_path)
    assert invoke(runner, "render", str(root), "-o", str(tmp_path / "out"))[0] == 0
    path = tmp_path / "out" / "文学院-任期目标任务书.docx"
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("docProps/custom.xml")
        rels = archive.read("_rels/.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert "relationships/custom-properties" in rels and "custom-properties+xml" in types
    ns = {
        "p": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
        "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    }
    props = {
        p.get("name"): p.find("vt:lpwstr", ns).text  # type: ignore[union-attr]
        for p in ElementTree.fromstring(xml).findall("p:property", ns)
    }
    book = scan(root).book("文学院")
    assert props["ankao.document"] == "taskbook"
    assert props["ankao.units"] == "文学院"
    assert props["ankao.term"] == "2024-2027"
    assert props["ankao.fingerprint"] == book.fingerprint and book.fingerprint.startswith("sha256:")
    assert props["ankao.version"] == __version__
    assert "ankao.round" not in props
    # python-docx still opens it, and its core properties are there too
    assert docx.Document(str(path)).core_properties.title == "文学院中层领导班子任期目标任务书"


def test_many_books_are_rendered_in_a_pool_with_the_same_result(
    runner: CliRunner, tmp_path: Path
) -> None:
    from ankao.render.run import PARALLEL_FROM

    root = tmp_path / "repo"
    text = OFFICE_BOOK.read_text(encoding="utf-8")
    for n in range(PARALLEL_FROM + 2):
        write(root, f"taskbooks/馆{n:02d}.yaml", text.replace("unit: 图书馆", f"unit: 馆{n:02d}"))
    code, output = invoke(runner, "render", str(root), "-o", str(tmp_path / "out"), "-f", "json")
    assert code == 0, output
    written = json.loads(output)["written"]
    assert [w["unit"] for w in written] == [f"馆{n:02d}" for n in range(PARALLEL_FROM + 2)]
    for w in written:
        title = docx.Document(w["output"]).paragraphs[0].text
        assert title == f"{w['unit']}中层领导班子任期目标任务书"


@pytest.mark.soffice
def test_a_document_saved_by_libreoffice_keeps_its_identity_and_is_protected(
    runner: CliRunner, tmp_path: Path
) -> None:
    from ankao.load.identity import read_identity

    root = repo(tmp_path)
    out = tmp_path / "o"
    assert invoke(runner, "render", str(root / "taskbooks" / "图书馆.yaml"), "-o", str(out))[0] == 0
    mine = out / "图书馆-任期目标任务书.docx"
    saved = soffice_convert(mine, "docx", tmp_path / "lo")
    identity = read_identity(saved)
    assert (
        identity is not None and identity.document == "taskbook" and identity.units == ("图书馆",)
    )
    shutil.copy(saved, mine)
    code, output = invoke(runner, "render", str(root / "taskbooks" / "图书馆.yaml"), "-o", str(out))
    assert code == 1 and "在 ankao 生成后被修改过" in output
    assert mine.read_bytes() == saved.read_bytes()
