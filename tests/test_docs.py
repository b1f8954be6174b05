"""Every command has Chinese help ending with an example, and the README names it."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
import typer.main

from ankao.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands() -> list[tuple[str, object]]:
    group = typer.main.get_command(app)
    out = []
    stack = [("", group)]
    while stack:
        prefix, cmd = stack.pop()
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, child in sub.items():
                stack.append((f"{prefix} {name}".strip(), child))
        elif prefix:
            out.append((prefix, cmd))
    return sorted(out, key=lambda c: c[0])


def test_there_are_commands() -> None:
    names = [name for name, _ in _commands()]
    assert {"validate", "check", "init", "new"} <= set(names)


def test_every_command_has_help_with_an_example() -> None:
    for name, cmd in _commands():
        text = getattr(cmd, "help", None) or ""
        assert text.strip(), f"{name} has no help"
        assert "例：ankao " in text, f"{name}: help must end with an example (例：ankao …)"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{name}: help must be Chinese"


def test_readme_opens_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first_code = text.split("```", 2)[1]
    lines = [ln.strip() for ln in first_code.splitlines()[1:] if ln.strip()]
    assert lines == ["make demo", "make test"]


def test_readme_names_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    for name, _ in _commands():
        assert f"ankao {name}" in text, f"README does not mention `ankao {name}`"


def test_every_command_answers_help() -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    for name, _ in _commands():
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "例：" in result.output
    assert isinstance(typer.__version__, str)


def _make_docs() -> object:
    import importlib.util
    import sys

    path = README.parent / "tools" / "make_docs.py"
    spec = importlib.util.spec_from_file_location("make_docs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_docs_agree_with_the_schemas() -> None:
    make_docs = _make_docs()
    wanted: dict[str, str] = make_docs.pages()  # type: ignore[attr-defined]
    docs = README.parent / "docs"
    assert sorted(p.name for p in docs.glob("*.md")) == sorted(wanted), (
        "docs/ 与 schemas/ 不一致：请运行 make docs"
    )
    for name, text in wanted.items():
        assert (docs / name).read_text(encoding="utf-8") == text, (
            f"docs/{name} 与 schemas/ 不一致：请运行 make docs"
        )


def test_docs_list_every_key_with_its_chinese_title() -> None:
    import json

    docs = README.parent / "docs"
    review = (docs / "review.md").read_text(encoding="utf-8")
    assert (
        "| `comments[].kind` | 类别 | 否 | 可选：`必须修改`、`建议` | 默认 `建议` | `建议` |"
        in review
    )
    assert "| `comments[].id` | 意见编号 | 是 |" in review
    book = (docs / "taskbook.md").read_text(encoding="utf-8")
    assert (
        "| `goals.teaching[].aspect` | 方面 | 是 | 可选：`专业建设`、`课程建设`、`实验室建设`、`教学改革`、`其他`；服务几个方面时可写成这些值的列表 |"
        in book
    )
    assert "| `metric.target` | 目标值 | 否 | 数字 | 任期结束时要达到的数值 |" in book
    for page, schema in [
        ("review.md", "review"),
        ("response.md", "response"),
        ("grades.md", "grades"),
        ("approvals.md", "approval"),
        ("config.md", "config"),
    ]:
        text = (docs / page).read_text(encoding="utf-8")
        data = json.loads(
            (README.parent / "schemas" / f"{schema}.schema.json").read_text(encoding="utf-8")
        )
        for key, sub in data["properties"].items():
            assert f"| `{key}` | {sub.get('title', '—')} |" in text or f"| `{key}` |" in text, (
                page,
                key,
            )


def test_schema_changes_show_in_the_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    make_docs = _make_docs()
    original = make_docs._load  # type: ignore[attr-defined]

    def changed(name: str) -> dict[str, object]:
        data = original(name)
        if name == "response.schema.json":
            data["properties"]["answers"]["items"]["properties"]["answer"]["title"] = "处理结果"
        return data

    monkeypatch.setattr(make_docs, "_load", changed)
    text = make_docs.pages()["response.md"]  # type: ignore[attr-defined]
    assert "| `answers[].answer` | 处理结果 | 是 |" in text
    assert (README.parent / "docs" / "response.md").read_text(encoding="utf-8") != text


def test_user_documents_point_at_nothing_users_lack() -> None:
    root = README.parent
    texts = {"README.md": README.read_text(encoding="utf-8")}
    texts |= {f"docs/{p.name}": p.read_text(encoding="utf-8") for p in (root / "docs").glob("*.md")}
    for name, text in texts.items():
        assert "../shared" not in text and "SPEC" not in text and "STYLE.md" not in text, name
    readme = texts["README.md"]
    assert "pipx install ." in readme and "ankao rules" in readme and "docs/" in readme
    assert "【必须修改】" in readme
    for key in ("reviewer: 教务处", "answer: 采纳", "grades:", "findings:"):
        assert key in readme, key
