"""New repositories and new task books: `ankao init` and `ankao new`.

Both only ever create files: an existing file is left exactly as it is and
reported as such, never overwritten (`ankao new --force` alone replaces a book
with the scaffold). `init_git` makes the new folder a git repository.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from ankao.errors import AnkaoError
from ankao.load.config import CONFIG_NAME, SCHOOL_PLACEHOLDER, Config
from ankao.load.files import check_output, make_folder, refuse_link_out, safe_filename, write_text
from ankao.load.resources import resource_dir
from ankao.load.yamlwrite import yaml_scalar
from ankao.model.book import TaskBook
from ankao.repository.layout import FOLDERS

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
    dropped: list[str] = field(default_factory=list)
    """Keys of the last term's `ankao.yaml` that `init --from` did not carry over."""
    source: str | None = None
    """The last term's book a new book was pre-filled from (`new`), as shown to users."""
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


def init_repository(
    root: Path, *, school: str | None = None, previous: Path | None = None, force: bool = False
) -> Created:
    """A new task-book repository at `root`: config, folders, pre-commit snippet, schemas.

    With `previous` (the last term's repository) its `ankao.yaml` is copied and linked
    by `previous_term`; its books, reviews, approvals and grades are not (§10).
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
    config = _render("init/ankao.yaml.j2", school=yaml_scalar(school or SCHOOL_PLACEHOLDER))
    if previous is not None:
        config = _linked_config(root, previous, config, school, created)
    make_folder(root)
    changed = school is not None and previous is None and (root / CONFIG_NAME).is_file()
    changed = changed and _school(root, school.strip(), force, created)  # type: ignore[union-attr]
    _create(root / CONFIG_NAME, config, created, root)
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


def _linked_config(
    root: Path, previous: Path, default: str, school: str | None, created: Created
) -> str:
    """The new `ankao.yaml` from the last term's repository `previous` (`init --from`)."""
    import os

    from ankao.repository.layout import is_repository
    from ankao.terms.carry import config_text

    if not previous.is_dir():
        raise AnkaoError(f"找不到上一任期的仓库：{previous}（--from 后写它的文件夹）")
    if not is_repository(previous):
        raise AnkaoError(
            f"{previous} 不是任务书仓库（没有 ankao.yaml，也没有 taskbooks/ 等文件夹）"
        )
    if previous.resolve() == root.resolve():
        raise AnkaoError("新仓库不能就是上一任期的仓库：请为新任期另建一个文件夹")
    if os.path.lexists(root / CONFIG_NAME):
        raise AnkaoError(
            f"{root / CONFIG_NAME} 已存在，没有改动；要与上一任期关联，请在其中写上 previous_term"
        )
    if school is not None and (previous / CONFIG_NAME).is_file():
        raise AnkaoError("加了 --from 时学校名称从上一任期的 ankao.yaml 复制，不用再写 --school")
    text, dropped = config_text(previous, root, default)
    created.dropped = dropped
    return text


_SCHOOL_LINE = re.compile(
    r"^school:[ \t]*(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^#\n]*?)(?=[ \t]*(?:#|$))", re.M
)


def _school(root: Path, school: str, force: bool, created: Created) -> bool:
    """`init --school` in a repository that has its ankao.yaml: say so, or change that line
    (True when it was changed)."""
    from ankao.load.config import load_config

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
    from ankao.load.document import load_text

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
    last: TaskBook | None = None,
    source: str = "",
) -> Created:
    """A task-book scaffold for `unit` in `taskbooks/` (or at `output`); replaces a file only with `force`.

    With `last` (the unit's book of the last term, read from `source`) the book is
    pre-filled from it (§10); its term then defaults to the one following the last.
    """
    _check_unit(unit, kind)
    created = Created()
    path = (
        output if output is not None else root / "taskbooks" / safe_filename(unit.strip(), ".yaml")
    )
    check_output(path, force=force, hint="（确需用模板覆盖请加 --force）")
    refuse_link_out(path, root)
    start, end = _new_term(term, config, last)
    install_schemas(root, created)
    schema = root / SCHEMA_FOLDER / f"{kind}.schema.json"
    schema_url = Path(_relative(schema, path.parent)).as_posix()
    if last is not None:
        from ankao.terms.carry import draft_text

        text = draft_text(
            last,
            start=start,
            end=end,
            schema_url=schema_url,
            file_name=path.name,
            source=source,
        )
        created.source = source
    else:
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


def _check_unit(unit: str, kind: str) -> None:
    """A unit's name fit for a file and a book (no invisible or control characters), and a
    kind of the two; AnkaoError otherwise."""
    if not unit.strip():
        raise AnkaoError("单位名称不能为空")
    from ankao.load.names import clean_terminal, invisible_problem

    problem = invisible_problem(unit)
    if problem:
        raise AnkaoError(problem)
    if clean_terminal(unit) != unit:
        raise AnkaoError("单位名称中有控制字符（如 ESC、换行），请只写单位的名称")
    from ankao.procedure.safe_append import check_unit

    check_unit(unit)
    if kind not in ("office", "teaching"):
        raise AnkaoError("类别只能是 office（机关、教学辅助机构）或 teaching（教学单位）")


def _new_term(
    term: tuple[int, int] | None, config: Config, last: TaskBook | None
) -> tuple[int, int]:
    """The new book's term: as given, else ankao.yaml's, else the one after the last term's
    book, else from this year on."""
    if last is not None:
        from ankao.terms.carry import following

        start, end = term or config.term or following(last.term)
    else:
        start, end = term or config.term or _default_term()
    if start > end:
        raise AnkaoError(f"任期起始年份 {start} 晚于结束年份 {end}")
    return start, end


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
