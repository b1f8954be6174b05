"""The review and response files of a unit (`reviews/<单位>/r<N>-*.yaml`), loaded and cross-checked.

Loading and schema findings come from `ankao.validation`; this module adds what
only the set of a round's files shows: a unit or round that disagrees with the
file's place, a comment id used twice in a round, a `ref` the task book no
longer has, an answer to a comment nobody made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ankao.config import Config
from ankao.loading import Document, load_file
from ankao.model import AnkaoError, Finding, Severity
from ankao.repository import REVIEW_NAME, SourceFile
from ankao.reviews.index import PARTS, BookIndex

REVIEWS = "reviews"
RESPONSE = "response"


@dataclass(slots=True)
class RoundFile:
    """One review or response file of a round."""

    source: SourceFile
    doc: Document
    findings: list[Finding]
    round: int
    """The round its name gives (`r<N>-…`)."""
    owner: str
    """The department its name gives, or `response`."""

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    @property
    def is_response(self) -> bool:
        return self.owner == RESPONSE

    @property
    def reviewer(self) -> str:
        """The department named in the file, else the one its name gives."""
        name = self.data.get("reviewer")
        return name if isinstance(name, str) and name.strip() else self.owner

    def entries(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(index, entry) of the comments (or answers) well-formed enough to use."""
        key, need = ("answers", ("to", "answer")) if self.is_response else ("comments", ("id", "ref", "text"))
        items = self.data.get(key)
        if not isinstance(items, list):
            return
        for index, item in enumerate(items):
            if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in need):
                yield index, item


def folder(root: Path, unit: str) -> Path:
    """`reviews/<单位>/` of the repository at `root`."""
    return root / REVIEWS / unit


def units_with_reviews(root: Path) -> list[str]:
    """The units that have a folder under `reviews/`, by name."""
    base = root / REVIEWS
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def round_sources(root: Path, unit: str) -> dict[int, list[SourceFile]]:
    """The files of each round of a unit, by round; reviews by name, the response last.

    One file per reviewer (or response) and round: of `r1-教务处.yaml` and
    `r1-教务处.yml` only the first is read (see `duplicate_findings`).
    """
    return _scan(root, unit)[0]


def duplicate_findings(root: Path, unit: str) -> dict[int, list[Finding]]:
    """`duplicate-review-file` per round: a second file of one reviewer (or response) and round, not read."""
    return _scan(root, unit)[1]


def _scan(root: Path, unit: str) -> tuple[dict[int, list[SourceFile]], dict[int, list[Finding]]]:
    import unicodedata

    base = folder(root, unit)
    rounds: dict[int, list[SourceFile]] = {}
    duplicates: dict[int, list[Finding]] = {}
    try:
        if not base.is_dir():
            return rounds, duplicates
    except OSError:  # a unit name too long to be a folder name: it has no folder
        return rounds, duplicates
    kept: dict[tuple[int, str], Path] = {}
    # `.yaml` before `.yml`: the name `comments import` writes is the one read
    for path in sorted(base.iterdir(), key=lambda p: (p.name.endswith(".yml"), p.name)):
        m = REVIEW_NAME.match(path.name)
        if m and path.is_file():
            kind = RESPONSE if m.group(2) == RESPONSE else "review"
            display = path.relative_to(root).as_posix()
            number, key = int(m.group(1)), (int(m.group(1)), unicodedata.normalize("NFC", m.group(2)))
            if key in kept:
                first = kept[key].name
                whose = "单位答复" if kind == RESPONSE else f"审核部门“{m.group(2)}”的审核意见"
                duplicates.setdefault(number, []).append(Finding(
                    display, 1, 1, "", "duplicate-review-file", Severity.ERROR,
                    f"{path.name} 与 {first} 都是第 {number} 轮{whose}；每轮每个部门只能有一个文件，"
                    f"只读取了 {first}，没有读取 {path.name}。请把两者合并为一个文件"))
                continue
            kept[key] = path
            rounds.setdefault(number, []).append(SourceFile(path, display, kind))
    for files in rounds.values():
        files.sort(key=lambda s: (s.kind == RESPONSE, s.path.name))
    return dict(sorted(rounds.items())), duplicates


def load(source: SourceFile, config: Config) -> RoundFile:
    """Load and schema-check one review or response file."""
    from ankao.validation import Settings, check_document

    doc = load_file(source.path, source.display, max_bytes=config.max_file_size)
    result = check_document(doc, source.kind, Settings(config=config))
    m = REVIEW_NAME.match(source.path.name)
    assert m is not None
    return RoundFile(source, doc, result.findings, int(m.group(1)), m.group(2))


def load_round(root: Path, config: Config, unit: str, number: int) -> list[RoundFile]:
    """Every file of round `number` of `unit`; AnkaoError when the round has none."""
    rounds = round_sources(root, unit)
    if number not in rounds:
        where = f"{REVIEWS}/{unit}/"
        have = "、".join(f"第 {n} 轮" for n in rounds) or "没有任何一轮"
        raise AnkaoError(f"{where} 中没有第 {number} 轮的审核意见文件（r{number}-<审核部门>.yaml）；已有：{have}")
    return [load(s, config) for s in rounds[number]]


def check_round(files: list[RoundFile], index: BookIndex | None) -> list[Finding]:
    """Findings across the files of one round: place, duplicate ids, unknown refs and answers."""
    out: list[Finding] = []
    seen: dict[str, tuple[RoundFile, int]] = {}
    for f in files:
        if not f.doc.loaded:
            continue
        out.extend(place_findings(f.doc, f.source.path))
        if f.is_response:
            continue
        for i, entry in f.entries():
            ident = entry["id"]
            if ident in seen:
                first, line = seen[ident]
                out.append(f.doc.finding(["comments", i, "id"], "duplicate-comment-id",
                                         f"意见编号“{ident}”在第 {f.round} 轮中重复，"
                                         f"与 {first.source.display}:{line} 的意见编号相同；每轮中意见编号必须唯一"))
            else:
                seen[ident] = (f, f.doc.locate(["comments", i, "id"])[0])
            if index is not None and not index.place(entry["ref"]).known:
                out.append(f.doc.finding(["comments", i, "ref"], "unknown-ref",
                                         _unknown_ref(entry["ref"], index)))
    for f in files:
        if f.is_response and f.doc.loaded:
            for i, entry in f.entries():
                if entry["to"] not in seen:
                    out.append(f.doc.finding(["answers", i, "to"], "unknown-comment",
                                             f"第 {f.round} 轮没有编号为“{entry['to']}”的审核意见，这条答复无处对应"))
    return out


def place_findings(doc: Document, path: Path) -> Iterator[Finding]:
    """A review or response file whose unit, round or reviewer disagree with its folder and name.

    Per file and cheap, so `ankao validate` reports them too (e.g. from a pre-commit hook).
    """
    m = REVIEW_NAME.match(path.name)
    data = doc.data
    if m is None or not isinstance(data, dict):
        return
    unit, number, owner = path.resolve().parent.name, int(m.group(1)), m.group(2)
    from ankao.names import name_findings

    yield from name_findings(doc, "response" if owner == RESPONSE else "review")
    named = data.get("unit")
    if isinstance(named, str) and named != unit:
        yield doc.finding(["unit"], "review-unit",
                          f"单位名称“{named}”与文件所在的文件夹 {REVIEWS}/{unit}/ 不一致")
    given = data.get("round")
    if isinstance(given, int) and not isinstance(given, bool) and given != number:
        yield doc.finding(["round"], "review-round",
                          f"轮次 {given} 与文件名 {path.name} 的轮次 {number} 不一致")
    reviewer = data.get("reviewer")
    if owner != RESPONSE and isinstance(reviewer, str) and reviewer != owner:
        yield doc.finding(["reviewer"], "review-reviewer",
                          f"审核部门“{reviewer}”与文件名 {path.name} 中的审核部门“{owner}”不一致")


def _unknown_ref(ref: str, index: BookIndex) -> str:
    if ref.startswith("goals.") or ref in PARTS:
        return f"任务书中没有“{ref}”这一部分，这条意见无处对应"
    return f"任务书中已没有编号为“{ref}”的目标（可能已改名或删除），这条意见无处对应"


def unknown_unit(f: SourceFile, unit: str) -> Finding:
    """A review folder for a unit that has no task book."""
    return Finding(f.display, 1, 1, "", "unknown-unit", Severity.ERROR,
                   f"没有单位“{unit}”的任务书（{REVIEWS}/{unit}/ 中的审核意见无处对应）")
