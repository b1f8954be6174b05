"""`comments import`: a reviewer's Word comments on a rendered task book -> a review file.

Each top-level Word comment becomes one comment of `reviews/<单位>/r<N>-<审核部门>.yaml`,
numbered `<审核部门>-<n>` in document order, with the text it was anchored to as
`quote` and its replies. A comment whose text starts with 【必须修改】 (or
“必须修改：”) has that kind; every other one is a 建议 (SPEC §1).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ankao.config import Config
from ankao.files import make_folder, safe_filename, write_text
from ankao.model import AnkaoError, Finding, Report, Severity
from ankao.reviews.files import RESPONSE, folder
from ankao.reviews.index import index_book
from ankao.reviews.merge import SUGGEST
from ankao.reviews.routing import routing
from ankao.reviews.wordcomments import WordComment, read_comments

_KIND_PREFIX = re.compile(r"^\s*(?:[【\[［]\s*(必须修改|建议)\s*[】\]］]\s*[:：]?|(必须修改|建议)\s*[:：])\s*")


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What `comments import` was asked to do."""

    docx: Path
    unit: str
    round: int
    reviewer: str
    date: str | None = None
    force: bool = False


def split_kind(text: str) -> tuple[str, str]:
    """`【必须修改】目标值偏低` -> (必须修改, 目标值偏低); no marker -> (建议, text)."""
    m = _KIND_PREFIX.match(text)
    if m and text[m.end():].strip():
        return m.group(1) or m.group(2), text[m.end():].strip()
    return SUGGEST, text.strip()


MAX_TEXT = {"text": 20_000, "quote": 2_000}
"""Most characters of a comment's text and of the text it marks that are imported."""


def _clean(comments: list[WordComment]) -> None:
    """Drop characters XML cannot hold (only a damaged file has them), as loading a review file would."""
    from ankao.rendering.writer import xml_text

    for c in comments:
        c.text, c.quote, c.author, c.date = xml_text(c.text), xml_text(c.quote), xml_text(c.author), xml_text(c.date)
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
    from ankao.files import MAX_NAME_BYTES
    from ankao.names import invisible_problem

    for what, name in (("单位名称", unit), ("审核部门", reviewer)):
        problem = invisible_problem(name, what)
        if problem:
            raise AnkaoError(problem)
        if len(f"r{number}-{name}.yaml".encode()) > MAX_NAME_BYTES:
            raise AnkaoError(f"{what}“{name}”太长，无法用作 reviews/ 下的文件名（上限 {MAX_NAME_BYTES} 字节，约 "
                             f"{MAX_NAME_BYTES // 3} 个汉字）")
        if safe_filename(name) != name:
            raise AnkaoError(f"{what}“{name}”含有不能用于文件名的字符（如 / \\ : * ? \" < > |）")
    if reviewer == RESPONSE:
        raise AnkaoError("审核部门不能叫 response（r<N>-response.yaml 是单位答复）")
    return folder(root, unit) / f"r{number}-{reviewer}.yaml"


def review_data(request: ImportRequest, comments: list[WordComment]) -> dict[str, Any]:
    """The review file's data: one entry per comment, numbered `<审核部门>-<n>`."""
    entries: list[dict[str, Any]] = []
    for number, c in enumerate(comments, start=1):
        kind, text = split_kind(c.text)
        entry: dict[str, Any] = {"id": f"{request.reviewer}-{number}", "ref": c.ref, "text": text, "kind": kind}
        if c.quote:
            entry["quote"] = c.quote
        if c.author:
            entry["author"] = c.author
        if c.date:
            entry["date"] = c.date
        if c.replies:
            entry["replies"] = [{k: v for k, v in (("author", r.author), ("date", r.date), ("text", r.text)) if v}
                                for r in c.replies]
        entries.append(entry)
    dates = sorted(c.date[:10] for c in comments if re.match(r"^\d{4}-\d{2}-\d{2}", c.date))
    date = request.date or (dates[-1] if dates else dt.date.today().isoformat())
    return {"unit": request.unit, "round": request.round, "reviewer": request.reviewer, "date": date,
            "comments": entries}


# A plain scalar YAML 1.2 core (as ankao reads) takes for a number, boolean or null, where
# PyYAML (YAML 1.1) would write it unquoted: `1e100`, `0o17`, `.5`, `+.inf`.
_YAML12_NOT_STR = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|null|Null|NULL|~|true|True|TRUE|false|False|FALSE)$")


def review_yaml(data: dict[str, Any], source: str) -> str:
    """The review file as YAML that keeps Chinese readable, with a header comment."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> Any:
        style = "'" if _YAML12_NOT_STR.match(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    header = (f"# {data['unit']} 第 {data['round']} 轮审核意见：{data['reviewer']}\n"
              f"# 由 ankao comments import 从 {source} 中的 Word 批注生成。kind：必须修改 / 建议\n")
    return header + yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000,
                              default_flow_style=False)


def import_review(root: Path, config: Config, request: ImportRequest) -> tuple[Report, Path]:
    """Read the Word comments, write the review file (never over one without `force`), report."""
    from ankao.loading import load_text
    from ankao.repository import scan
    from ankao.validation import Settings, check_document

    if request.round < 1:
        raise AnkaoError(f"轮次应为正整数，实际是 {request.round}")
    if request.date is not None:
        try:
            dt.date.fromisoformat(request.date)
            valid = re.fullmatch(r"\d{4}-\d{2}-\d{2}", request.date) is not None
        except ValueError:
            valid = False
        if not valid:
            raise AnkaoError(f"--date 应为 YYYY-MM-DD 格式的日期，如 2025-03-01，实际是“{request.date}”")
    target = review_path(root, request.unit, request.round, request.reviewer)
    sibling = target.with_suffix(".yml")  # one file per reviewer and round, whichever its ending
    if sibling.exists() and not target.exists():
        target = sibling
    display = target.relative_to(root).as_posix()
    if target.exists() and not request.force:
        raise AnkaoError(f"{display} 已存在，没有覆盖；确需重新导入请加 --force")
    book = scan(root, config=config).book(request.unit)
    index = index_book(book)
    comments = read_comments(request.docx, index, unit=request.unit)
    report = Report(files=[display])
    _clean(comments)
    usable = [c for c in comments if c.text.strip()]
    if len(usable) < len(comments):
        report.findings.append(Finding(str(request.docx), 1, 1, "", "import-empty", Severity.WARNING,
                                       f"跳过了 {len(comments) - len(usable)} 条没有文字的批注"))
    if not usable:
        raise AnkaoError(f"{request.docx} 中没有针对“{request.unit}”的批注文字，没有生成审核意见文件")
    truncated = _truncate(usable)
    data = review_data(request, usable)
    text = review_yaml(data, request.docx.name)
    size = len(text.encode("utf-8"))
    if size > config.max_file_size:
        raise AnkaoError(f"导入后的审核意见文件将有 {size // 1024} KB，超过文件大小上限 {config.max_file_size // 1024} KB"
                         "（ankao.yaml 的 limits.max_file_size），ankao validate 会拒绝它，所以没有写入；"
                         "请把批注分成几次导入，或提高上限")
    doc = check_document(load_text(text, display), "review", Settings(config=config))
    if doc.findings:  # our own output must validate; anything else is a bug of ankao
        raise AnkaoError(f"生成的审核意见文件未通过校验（ankao 的问题）：{doc.findings[0].message}")
    loaded = load_text(text, display)
    for i, what, length in truncated:
        report.findings.append(loaded.finding(
            ["comments", i, what], "import-truncated",
            f"第 {i + 1} 条批注的{'内容' if what == 'text' else '所标注的原文'}有 {length} 字，超过 {MAX_TEXT[what]} 字，"
            "只导入了前面部分；请在 Word 中查看全文", Severity.WARNING))
    for i, c in enumerate(usable):
        if c.problem:
            report.findings.append(loaded.finding(["comments", i, "ref"], "import-anchor", c.problem,
                                                  Severity.WARNING))
    if request.reviewer not in routing(config):
        report.findings.append(loaded.finding(["reviewer"], "import-reviewer",
                                              f"“{request.reviewer}”不在 ankao.yaml 的审核部门（reviewers）中，请核对名称",
                                              Severity.WARNING))
    make_folder(target.parent)
    write_text(target, text, overwrite=request.force)
    report.extra["written"] = display
    report.extra["comments"] = [{k: e[k] for k in ("id", "ref", "kind", "text")} for e in data["comments"]]
    return report, target

