"""New repositories and new task books: `ankao init` and `ankao new`.

Both only ever create files: an existing file is left exactly as it is and
reported as such, never overwritten (`ankao new --force` alone replaces a book
with the scaffold). `init_git` makes the new folder a git repository.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ankao.config import CONFIG_NAME, SCHOOL_PLACEHOLDER, Config
from ankao.files import check_output, make_folder, refuse_link_out, safe_filename, write_text
from ankao.model import AnkaoError
from ankao.repository import FOLDERS
from ankao.resources import resource_dir

SCHEMA_FOLDER = Path(".ankao") / "schemas"
"""Copies of the schemas inside a repository, for editors (yaml-language-server)."""


GITATTRIBUTES = """\
# git diff / git log -p 按目标显示任务书的改动（需先执行：git config diff.ankao.textconv "ankao textconv"）
taskbooks/*.yaml diff=ankao
"""
"""`.gitattributes` of a new repository: task books go through `ankao textconv` in git diff."""


GITIGNORE = """\
# ankao 生成的文档：随时可以重新生成，不必提交
out/
/*.docx
/*.xlsx
# Word、WPS、LibreOffice 打开文件时留下的临时文件
~$*
.~lock.*#
"""
"""`.gitignore` of a new repository: generated documents and editors' lock files."""


@dataclass(slots=True)
class Created:
    """What a scaffold command made and what it left alone."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the command should say besides: a setting it did not change, and why."""


def _render(template: str, **values: object) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(resource_dir("templates")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML text, not HTML; values are quoted by yaml_scalar
    )
    return env.get_template(template).render(**values)


_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~0-9][^:#\[\]{},]*$")


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar: plain where that reads back unchanged, else double-quoted."""
    from ankao.yaml12 import STR, resolve_plain

    # Plain only where our YAML 1.2 reader gives the text back (`+0`, `.5`, `Null` would not).
    if (
        _PLAIN_SAFE.match(text)
        and text == text.strip()
        and resolve_plain(text) == STR
        and text.lower() not in {"yes", "no", "on", "off"}
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def install_schemas(root: Path, created: Created) -> None:
    """Copy the shipped schemas to `.ankao/schemas/` (tool-owned; refreshed when they differ)."""
    target = root / SCHEMA_FOLDER
    refuse_link_out(target / "x", root)
    make_folder(target)
    for source in sorted(resource_dir("schemas").glob("*.schema.json")):
        dest = target / source.name
        data = source.read_text(encoding="utf-8")
        if dest.is_file() and dest.read_text(encoding="utf-8") == data:
            continue
        write_text(dest, data)
        created.written.append(dest)


def _create(path: Path, text: str, created: Created, root: Path | None = None) -> None:
    if root is not None:
        refuse_link_out(path, root)
    if path.exists():
        created.kept.append(path)
        return
    make_folder(path.parent)
    write_text(path, text, overwrite=False)
    created.written.append(path)


def init_repository(root: Path, *, school: str | None = None, force: bool = False) -> Created:
    """A new task-book repository at `root`: config, folders, pre-commit snippet, schemas.

    In an existing repository `--school` changes nothing unless `force` is given,
    and then only the `school:` line of ankao.yaml.
    """
    created = Created()
    if root.exists() and not root.is_dir():
        raise AnkaoError(f"{root} 已存在且不是文件夹")
    if school is not None:
        from ankao.procedure.safe_append import check_text

        check_text(school, "--school")
        if "\n" in school:
            raise AnkaoError("--school 中有换行：学校名称只能写一行")
        if not school.strip():
            raise AnkaoError("--school 不能为空：请写出学校名称")
    make_folder(root)
    changed = school is not None and (root / CONFIG_NAME).is_file()
    changed = changed and _school(root, school.strip(), force, created)  # type: ignore[union-attr]
    _create(
        root / CONFIG_NAME,
        _render("init/ankao.yaml.j2", school=yaml_scalar(school or SCHOOL_PLACEHOLDER)),
        created,
        root,
    )
    for folder in FOLDERS:
        _create(root / folder / ".gitkeep", "", created, root)
    _create(
        root / ".pre-commit-config.yaml", _render("init/pre-commit-config.yaml.j2"), created, root
    )
    _create(root / ".gitattributes", GITATTRIBUTES, created, root)
    _create(root / ".gitignore", GITIGNORE, created, root)
    if changed:
        created.kept.remove(root / CONFIG_NAME)
    install_schemas(root, created)
    return created


_SCHOOL_LINE = re.compile(
    r"^school:[ \t]*(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^#\n]*?)(?=[ \t]*(?:#|$))", re.M
)


def _school(root: Path, school: str, force: bool, created: Created) -> bool:
    """`init --school` in a repository that has its ankao.yaml: say so, or change that line
    (True when it was changed)."""
    from ankao.config import load_config

    config, _ = load_config(root)
    current = config.school
    if current == school:
        created.notes.append(f"ankao.yaml 中的学校名称已是“{school}”，没有改动")
        return False
    if not force:
        created.notes.append(
            f"ankao.yaml 已存在，没有改动：学校名称仍是“{current or '（未填写）'}”；"
            f"要改为“{school}”，请加 --force（只改 school 这一行），或直接编辑 ankao.yaml"
        )
        return False
    path = root / CONFIG_NAME
    text = path.read_text(encoding="utf-8")
    line = f"school: {yaml_scalar(school)}"
    new, n = _SCHOOL_LINE.subn(lambda m: line, text, count=1)
    if n == 0:
        new = text.rstrip("\n") + "\n" + line + "\n"
    from ankao.loading import load_text

    doc = load_text(new, CONFIG_NAME)
    if not isinstance(doc.data, dict) or doc.data.get("school") != school:
        raise AnkaoError("无法安全地改写 ankao.yaml 的 school 一行，文件没有改动；请直接编辑它")
    write_text(path, new)
    created.notes.append(f"已把 ankao.yaml 中的学校名称从“{current or '（未填写）'}”改为“{school}”")
    return True


def new_taskbook(
    root: Path,
    unit: str,
    kind: str,
    *,
    config: Config,
    output: Path | None = None,
    term: tuple[int, int] | None = None,
    force: bool = False,
) -> Created:
    """A task-book scaffold for `unit` in `taskbooks/` (or at `output`); replaces a file only with `force`."""
    if not unit.strip():
        raise AnkaoError("单位名称不能为空")
    from ankao.names import clean_terminal, invisible_problem

    problem = invisible_problem(unit)
    if problem:
        raise AnkaoError(problem)
    if clean_terminal(unit) != unit:
        raise AnkaoError("单位名称中有控制字符（如 ESC、换行），请只写单位的名称")
    from ankao.procedure.safe_append import check_unit

    check_unit(unit)
    if kind not in ("office", "teaching"):
        raise AnkaoError("类别只能是 office（机关、教学辅助机构）或 teaching（教学单位）")
    created = Created()
    path = (
        output if output is not None else root / "taskbooks" / safe_filename(unit.strip(), ".yaml")
    )
    check_output(path, force=force, hint="（确需用模板覆盖请加 --force）")
    refuse_link_out(path, root)
    start, end = term or config.term or _default_term()
    if start > end:
        raise AnkaoError(f"任期起始年份 {start} 晚于结束年份 {end}")
    install_schemas(root, created)
    schema = root / SCHEMA_FOLDER / f"{kind}.schema.json"
    schema_url = Path(_relative(schema, path.parent)).as_posix()
    text = _render(
        f"scaffold/{kind}.yaml.j2",
        unit=unit.strip(),
        unit_yaml=yaml_scalar(unit.strip()),
        start=start,
        end=end,
        schema_url=schema_url,
        file_name=path.name,
    )
    make_folder(path.parent)
    write_text(path, text, overwrite=force)
    created.written.insert(0, path)
    return created


def _default_term() -> tuple[int, int]:
    year = datetime.date.today().year
    return year, year + 3


def _relative(target: Path, start: Path) -> str:
    import os

    try:
        return os.path.relpath(target.resolve(), start.resolve())
    except ValueError:  # different drives on Windows
        return target.resolve().as_uri()


def init_git(root: Path) -> tuple[str, str]:
    """`git init` in `root` unless it is already in a git repository: (outcome, detail).

    The outcome is `created`, `exists`, `no-git` (git is not on PATH) or `failed`
    (git's own message as detail): the pre-commit snippet needs a repository.
    """
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return "no-git", ""
    try:
        inside = subprocess.run(
            [git, "-C", str(root), "rev-parse", "--git-dir"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if inside.returncode == 0:
            return "exists", inside.stdout.strip()
        done = subprocess.run(
            [git, "init", "-q", str(root)], capture_output=True, text=True, timeout=60
        )
        if done.returncode == 0:
            # `git status` then shows 文学院.yaml, not "\346\226\207…"
            subprocess.run(
                [git, "-C", str(root), "config", "core.quotepath", "false"],
                capture_output=True,
                timeout=60,
            )
    except (OSError, subprocess.SubprocessError) as exc:
        return "failed", str(exc)
    if done.returncode != 0:
        return "failed", done.stderr.strip()
    return "created", ""
