"""`comments import`: a reviewer's Word comments on a rendered task book -> a review file.

Each top-level Word comment becomes one comment of `reviews/<单位>/r<N>-<审核部门>.yaml`
(one file per unit of a packet),
numbered `<审核部门>-<n>` in document order, with the text it was anchored to as
`quote` and its replies. A comment whose text starts with 【必须修改】 (or
“必须修改：”) has that kind; every other one is a 建议 (SPEC §1).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ankao.errors import AnkaoError
from ankao.findings import Finding, Report, Severity
from ankao.load.config import Config
from ankao.load.files import make_folder, safe_filename, write_text
from ankao.model.book import TaskBook
from ankao.model.refs import index_book
from ankao.repository.reviews import RESPONSE
from ankao.repository.unitreviews import folder
from ankao.reviews.merge import SUGGEST
from ankao.reviews.routing import routing
from ankao.reviews.wordcomments import WordComment, read_comments

_KIND_PREFIX = re.compile(
    r"^\s*(?:[【\[［]\s*(必须修改|建议)\s*[】\]］]\s*[:：]?|(必须修改|建议)\s*[:：])\s*"
)


StaleMessage = Callable[[Path, Any, TaskBook, Config], str]
"""(document, its identity, the book now, config) -> the warning naming the targets changed."""


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What `comments import` was asked to do (`unit`, `reviewer`: None = as the document says)."""

    docx: Path
    unit: str | None
    round: int
    reviewer: str | None
    date: str | None = None
    force: bool = False


@dataclass(frozen=True, slots=True)
class _Import:
    """One unit's review file, checked and ready to write."""

    unit: str
    path: Path
    display: str
    text: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ImportedFile:
    """One unit's review file as written: its unit, where it is, and its comments."""

    unit: str
    path: Path
    file: str
    """As shown (relative to the repository)."""
    comments: tuple[dict[str, Any], ...]
    """The file's `comments` entries (id, ref, kind, text, …)."""


@dataclass(frozen=True, slots=True)
class Imported:
    """What `comments import` did: its report (the files written, warnings) and each file."""

    report: Report
    files: tuple[ImportedFile, ...]


def split_kind(text: str) -> tuple[str, str]:
    """`【必须修改】目标值偏低` -> (必须修改, 目标值偏低); no marker -> (建议, text)."""
    m = _KIND_PREFIX.match(text)
    if m and text[m.end() :].strip():
        return m.group(1) or m.group(2), text[m.end() :].strip()
    return SUGGEST, text.strip()


MAX_TEXT = {"text": 20_000, "quote": 2_000}
"""Most characters of a comment's text and of the text it marks that are imported."""


def _clean(comments: list[WordComment]) -> None:
    """Drop characters XML cannot hold (only a damaged file has them), as loading a review file would."""
    from ankao.load.xmltext import xml_text

    for c in comments:
        c.text, c.quote, c.author, c.date = (
            xml_text(c.text),
            xml_text(c.quote),
            xml_text(c.author),
            xml_text(c.date),
        )
        for r in c.replies:
            r.text, r.author, r.date = xml_text(r.text), xml_text(r.author), xml_text(r.date)


def _truncate(comments: list[WordComment]) -> list[tuple[int, str, int]]:
    """Cut over-long texts and quotes in place; (index, field, original length) of each cut."""
    cut = []
    for i, c in enumerate(comments):
        for what in ("text", "quote"):
            value: str = getattr(c, what)
            if len(value) > MAX_TEXT[what]:
                setattr(c, what, value[: MAX_TEXT[what]].rstrip() + "……（已截断）")
                cut.append((i, what, len(value)))
    return cut


def review_path(root: Path, unit: str, number: int, reviewer: str) -> Path:
    """`reviews/<单位>/r<N>-<审核部门>.yaml`; AnkaoError for a name that cannot be a file name."""
    from ankao.load.files import MAX_NAME_BYTES
    from ankao.load.names import invisible_problem

    for what, name in (("单位名称", unit), ("审核部门", reviewer)):
        problem = invisible_problem(name, what)
        if problem:
            raise AnkaoError(problem)
        if len(f"r{number}-{name}.yaml".encode()) > MAX_NAME_BYTES:
            raise AnkaoError(
                f"{what}“{name}”太长，无法用作 reviews/ 下的文件名（上限 {MAX_NAME_BYTES} 字节，约 "
                f"{MAX_NAME_BYTES // 3} 个汉字）"
            )
        if safe_filename(name) != name:
            raise AnkaoError(f'{what}“{name}”含有不能用于文件名的字符（如 / \\ : * ? " < > |）')
    if reviewer == RESPONSE:
        raise AnkaoError("审核部门不能叫 response（r<N>-response.yaml 是单位答复）")
    return folder(root, unit) / f"r{number}-{reviewer}.yaml"


def review_data(
    request: ImportRequest,
    comments: list[WordComment],
    unit: str | None = None,
    reviewer: str | None = None,
) -> dict[str, Any]:
    """The review file's data: one entry per comment, numbered `<审核部门>-<n>`."""
    unit = unit or request.unit or ""
    reviewer = reviewer or request.reviewer or ""
    entries: list[dict[str, Any]] = []
    for number, c in enumerate(comments, start=1):
        kind, text = split_kind(c.text)
        entry: dict[str, Any] = {
            "id": f"{reviewer}-{number}",
            "ref": c.ref,
            "text": text,
            "kind": kind,
        }
        if c.quote:
            entry["quote"] = c.quote
        if c.author:
            entry["author"] = c.author
        if c.date:
            entry["date"] = c.date
        if c.replies:
            entry["replies"] = [
                {k: v for k, v in (("author", r.author), ("date", r.date), ("text", r.text)) if v}
                for r in c.replies
            ]
        entries.append(entry)
    dates = sorted(c.date[:10] for c in comments if re.match(r"^\d{4}-\d{2}-\d{2}", c.date))
    date = request.date or (dates[-1] if dates else dt.date.today().isoformat())
    return {
        "unit": unit,
        "round": request.round,
        "reviewer": reviewer,
        "date": date,
        "comments": entries,
    }


# A plain scalar YAML 1.2 core (as ankao reads) takes for a number, boolean or null, where
# PyYAML (YAML 1.1) would write it unquoted: `1e100`, `0o17`, `.5`, `+.inf`.
_YAML12_NOT_STR = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|null|Null|NULL|~|true|True|TRUE|false|False|FALSE)$"
)


def review_yaml(data: dict[str, Any], source: str) -> str:
    """The review file as YAML that keeps Chinese readable, with a header comment."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> Any:
        style = "'" if _YAML12_NOT_STR.match(value) else None
        if any(c in value for c in "\x85\u2028\u2029"):
            style = '"'  # escaped (\N, \L, \P): never a line break the reader must guess at
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    header = (
        f"# {data['unit']} 第 {data['round']} 轮审核意见：{data['reviewer']}\n"
        f"# 由 ankao comments import 从 {source} 中的 Word 批注生成。kind：必须修改 / 建议\n"
    )
    return header + yaml.dump(
        data,
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
        default_flow_style=False,
    )


DOCUMENT_NAMES = {
    "taskbook": "任务书",
    "packet": "审核材料",
    "feedback": "审核意见反馈表",
    "notice": "通报",
}


def import_review(
    root: Path, config: Config, request: ImportRequest, *, stale: StaleMessage
) -> Imported:
    """Read the Word comments, write each unit's review file (none over one without `force`), report.

    `stale` words the warning for a document made from an older book (the render layer
    compares the document with the book rendered now: `ankao.render.compare`).

    The document's ankao properties (ankao.render.identity) say whose it is:
    a document of another unit is refused, `--unit` may be left out when it
    names one unit, a packet of several units fills each unit's review file,
    and a document made from an older version of a book imports with a warning
    naming the targets changed since. Nothing is written unless every unit's
    file can be.
    """
    from ankao.load.identity import read_identity
    from ankao.repository.scan import scan
    from ankao.reviews.wordcomments import open_word

    _check_request(request)
    open_word(request.docx)  # a clear error for a missing or broken file before anything else
    identity = read_identity(request.docx)
    units = _units(request, identity)
    reviewer = request.reviewer or (identity.reviewer if identity is not None else "")
    if not reviewer:
        raise AnkaoError("请用 --reviewer 指明审核部门（如 教务处）")
    targets = _targets(root, request, units, reviewer)
    repo = scan(root, config=config)
    books = {unit: repo.book(unit) for unit in units}
    report = Report(files=[t.relative_to(root).as_posix() for _, t in targets])
    ready: list[_Import] = []
    for unit, target in targets:
        book = books[unit]
        usable = _usable_comments(request, unit, book, report, alone=len(units) == 1)
        if not usable:
            continue
        ready.append(_prepare(request, config, unit, reviewer, target, root, usable, report))
        recorded = identity.fingerprint_of(unit) if identity is not None else None
        if recorded and recorded != book.fingerprint:
            warning = stale(request.docx, identity, book, config)
            report.findings.append(
                Finding(str(request.docx), 1, 1, "", "import-stale", Severity.WARNING, warning)
            )
    if not ready:
        raise AnkaoError(
            f"{request.docx} 中没有针对{'、'.join(units)}的批注文字，没有生成审核意见文件"
        )
    if reviewer not in routing(config):
        _unknown_reviewer(ready, reviewer, report)
    _write_all(root, config, ready, overwrite=request.force)
    report.files = [item.display for item in ready]
    files = [
        ImportedFile(item.unit, item.path, item.display, tuple(item.data["comments"]))
        for item in ready
    ]
    return Imported(report, tuple(files))


def _write_all(root: Path, config: Config, ready: list[_Import], *, overwrite: bool) -> None:
    """Write every unit's review file, each checked before the first is written: all or none."""
    from ankao.load.files import refuse_link_out, refuse_oversize

    for item in ready:
        refuse_oversize(item.text, config.max_file_size, item.display)
        refuse_link_out(item.path, root)
    for item in ready:
        make_folder(item.path.parent)
        write_text(item.path, item.text, overwrite=overwrite)


def _check_request(request: ImportRequest) -> None:
    """A positive round, and a date written YYYY-MM-DD, before anything is read."""
    if request.round < 1:
        raise AnkaoError(f"轮次应为正整数，实际是 {request.round}")
    if request.date is not None:
        try:
            dt.date.fromisoformat(request.date)
            valid = re.fullmatch(r"\d{4}-\d{2}-\d{2}", request.date) is not None
        except ValueError:
            valid = False
        if not valid:
            raise AnkaoError(
                f"--date 应为 YYYY-MM-DD 格式的日期，如 2025-03-01，实际是“{request.date}”"
            )


def _units(request: ImportRequest, identity: Any) -> list[str]:
    """The units whose comments are imported: `--unit` (one the document names), else its units."""
    named = identity.units if identity is not None else ()
    what = DOCUMENT_NAMES.get(identity.document, "文档") if identity is not None else "文档"
    if request.unit is not None:
        if named and request.unit not in named:
            raise AnkaoError(
                f"{request.docx.name} 是“{'、'.join(named)}”的{what}，不是“{request.unit}”的，没有导入；"
                "请核对文件或 --unit（不写 --unit 则按文件中记录的单位导入）"
            )
        return [request.unit]
    if named:
        return list(named)
    raise AnkaoError(
        f"{request.docx.name} 中没有 ankao 记录的单位（不是 ankao 生成的，或已被其他软件另存），"
        "请用 --unit 指明这是哪个单位的批注"
    )


def _targets(
    root: Path, request: ImportRequest, units: list[str], reviewer: str
) -> list[tuple[str, Path]]:
    """Each unit's review file; none of them may exist already unless `force`."""
    targets = [
        (unit, _existing_twin(review_path(root, unit, request.round, reviewer))) for unit in units
    ]
    for _, target in targets:
        if target.exists() and not request.force:
            raise AnkaoError(
                f"{target.relative_to(root).as_posix()} 已存在，没有覆盖；确需重新导入请加 --force"
            )
    return targets


def _usable_comments(
    request: ImportRequest, unit: str, book: TaskBook, report: Report, *, alone: bool
) -> list[WordComment]:
    """The unit's comments that have text (a warning for the others); an error if it is the only
    unit and has none."""
    comments = read_comments(request.docx, index_book(book), unit=unit)
    _clean(comments)
    usable = [c for c in comments if c.text.strip()]
    if len(usable) < len(comments):
        report.findings.append(
            Finding(
                str(request.docx),
                1,
                1,
                "",
                "import-empty",
                Severity.WARNING,
                f"跳过了“{unit}”的 {len(comments) - len(usable)} 条没有文字的批注",
            )
        )
    if not usable and alone:
        raise AnkaoError(f"{request.docx} 中没有针对“{unit}”的批注文字，没有生成审核意见文件")
    return usable


def _unknown_reviewer(ready: list[_Import], reviewer: str, report: Report) -> None:
    """A warning in each file to be written: the reviewer is not one of ankao.yaml's."""
    from ankao.load.document import load_text

    for item in ready:
        loaded = load_text(item.text, item.display)
        report.findings.append(
            loaded.finding(
                ["reviewer"],
                "import-reviewer",
                f"“{reviewer}”不在 ankao.yaml 的审核部门（reviewers）中，请核对名称",
                Severity.WARNING,
            )
        )


def _existing_twin(target: Path) -> Path:
    """One file per reviewer and round, whichever its ending: an existing `.yml` is the one replaced."""
    sibling = target.with_suffix(".yml")
    return sibling if sibling.exists() and not target.exists() else target


def _prepare(
    request: ImportRequest,
    config: Config,
    unit: str,
    reviewer: str,
    target: Path,
    root: Path,
    usable: list[WordComment],
    report: Report,
) -> _Import:
    """One unit's review file as text, validated, with a warning for each comment whose anchor is a fallback."""
    from ankao.load.document import load_text
    from ankao.repository.checking import Settings, check_document

    display = target.relative_to(root).as_posix()
    truncated = _truncate(usable)
    data = review_data(request, usable, unit, reviewer)
    text = review_yaml(data, request.docx.name)
    size = len(text.encode("utf-8"))
    if size > config.max_file_size:
        raise AnkaoError(
            f"导入后的审核意见文件将有 {size // 1024} KB，超过文件大小上限 {config.max_file_size // 1024} KB"
            "（ankao.yaml 的 limits.max_file_size），ankao validate 会拒绝它，所以没有写入；"
            "请把批注分成几次导入，或提高上限"
        )
    doc = check_document(load_text(text, display), "review", Settings(config=config))
    if doc.findings:  # our own output must validate; anything else is a bug of ankao
        raise AnkaoError(f"生成的审核意见文件未通过校验（ankao 的问题）：{doc.findings[0].message}")
    loaded = load_text(text, display)
    for i, what, length in truncated:
        report.findings.append(
            loaded.finding(
                ["comments", i, what],
                "import-truncated",
                f"第 {i + 1} 条批注的{'内容' if what == 'text' else '所标注的原文'}有 {length} 字，超过 {MAX_TEXT[what]} 字，"
                "只导入了前面部分；请在 Word 中查看全文",
                Severity.WARNING,
            )
        )
    for i, c in enumerate(usable):
        if c.problem:
            report.findings.append(
                loaded.finding(["comments", i, "ref"], "import-anchor", c.problem, Severity.WARNING)
            )
    return _Import(unit, target, display, text, data)
