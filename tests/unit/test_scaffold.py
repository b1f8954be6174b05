"""ankao.scaffold: `init` and `new` create files only, and what they write reads back."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ankao.errors import AnkaoError
from ankao.load.config import Config, load_config
from ankao.load.document import load_file, load_text
from ankao.load.schemas import SchemaSet
from ankao.load.yamlwrite import yaml_scalar
from ankao.repository.layout import FOLDERS
from ankao.scaffold import SCHEMA_FOLDER, Created, init_repository, install_schemas, new_taskbook


@pytest.mark.parametrize(
    "text",
    [
        "文学院",
        "yes",
        "no",
        "on",
        "2025",
        "1.5",
        "~",
        "null",
        "- 列表",
        "a: b",
        "#注释",
        "  空格  ",
        "引号\"和'",
        "@at",
        "%百分",
        "计算机 学院",
        "true",
        "0x1F",
        "[x]",
        "{y}",
        "！全角",
        "+0",
        ".5",
        "Null",
        "-1",
    ],
)
def test_yaml_scalar_round_trips(text: str) -> None:
    doc = load_text(f"unit: {yaml_scalar(text)}\n")
    assert not doc.findings and doc.data == {"unit": text}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_yaml_scalar_round_trips_any_text(text: str) -> None:
    doc = load_text(f"unit: {yaml_scalar(text)}  # 注释\n")
    assert doc.data == {"unit": text}, yaml_scalar(text)


def test_init_repository_then_again(tmp_path: Path) -> None:
    first = init_repository(tmp_path, school="示范学院")
    names = {p.relative_to(tmp_path).as_posix() for p in first.written}
    assert {"ankao.yaml", ".pre-commit-config.yaml", *(f"{f}/.gitkeep" for f in FOLDERS)} <= names
    assert any(n.startswith(".ankao/schemas/") for n in names)
    again = init_repository(tmp_path, school="别的")
    assert again.written == []
    assert {p.name for p in again.kept} >= {"ankao.yaml", ".pre-commit-config.yaml"}
    config, doc = load_config(tmp_path)
    assert config.school == "示范学院" and doc is not None
    assert SchemaSet().check(doc, "config") == []


def test_install_schemas_refreshes_only_changed(tmp_path: Path) -> None:
    created = Created()
    install_schemas(tmp_path, created)
    assert created.written
    stale = tmp_path / SCHEMA_FOLDER / "teaching.schema.json"
    stale.write_text("{}", encoding="utf-8")
    again = Created()
    install_schemas(tmp_path, again)
    assert again.written == [stale] and stale.read_text(encoding="utf-8") != "{}"


@pytest.mark.parametrize("kind", ["teaching", "office"])
def test_new_taskbook_is_valid(tmp_path: Path, kind: str) -> None:
    created = new_taskbook(
        tmp_path, " 文学院 ", kind, config=Config(root=tmp_path, term=(2024, 2027))
    )
    path = created.written[0]
    assert path == tmp_path / "taskbooks" / "文学院.yaml"
    doc = load_file(path)
    assert (
        not doc.findings
        and doc.data["unit"] == "文学院"
        and doc.data["term"] == {"start": 2024, "end": 2027}
    )
    assert SchemaSet().check(doc, "taskbook") == []
    assert "profile" in doc.data if kind == "teaching" else "profile" not in doc.data


def test_new_taskbook_default_term_and_refusals(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    path = new_taskbook(tmp_path, "图书馆", "office", config=config).written[0]
    year = datetime.date.today().year
    assert load_file(path).data["term"] == {"start": year, "end": year + 3}
    with pytest.raises(AnkaoError, match="文件已存在"):
        new_taskbook(tmp_path, "图书馆", "office", config=config)
    with pytest.raises(AnkaoError, match="单位名称不能为空"):
        new_taskbook(tmp_path, " ", "office", config=config)
    with pytest.raises(AnkaoError, match="类别"):
        new_taskbook(tmp_path, "x", "college", config=config)
    with pytest.raises(AnkaoError, match="晚于"):
        new_taskbook(tmp_path, "y", "office", config=config, term=(2027, 2024))
    assert not (tmp_path / "taskbooks" / "y.yaml").exists()
