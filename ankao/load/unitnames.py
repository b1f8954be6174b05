"""Names of units and departments in a loaded document: `invisible-character` findings where they are written."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ankao.findings import Finding, Severity

if TYPE_CHECKING:
    from ankao.load.document import Document
from ankao.load.names import INVISIBLE_CODE, invisible_problem

# Where each kind of file names a unit or a department: (data path, what, is a mapping's keys)
_PLACES: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {
    "taskbook": [(("unit",), "单位名称", False)],
    "office": [(("unit",), "单位名称", False)],
    "teaching": [(("unit",), "单位名称", False)],
    "review": [(("unit",), "单位名称", False), (("reviewer",), "审核部门", False)],
    "response": [(("unit",), "单位名称", False)],
    "approval": [(("unit",), "单位名称", False)],
    "grades": [(("grades",), "单位名称", True)],
    "config": [(("units",), "单位名称", True), (("reviewers",), "审核部门", True)],
}


def name_findings(doc: Document, kind: str) -> list[Finding]:
    """`invisible-character` findings for the unit and department names of a loaded document of `kind`.

    `kind` is the repository's kind of file (taskbook, review, response, approval, grades, config).
    """
    data = doc.data
    if not isinstance(data, dict):
        return []
    out: list[Finding] = []
    for path, what, keys in _PLACES.get(kind, []):
        for parts, name, key in _names(data, path, keys):
            problem = invisible_problem(name, what)
            if problem:
                out.append(doc.finding(parts, INVISIBLE_CODE, problem, Severity.ERROR, key=key))
    if kind == "grades":
        findings = data.get("findings")
        if isinstance(findings, list):
            for i, item in enumerate(findings):
                if isinstance(item, dict) and isinstance(item.get("unit"), str):
                    problem = invisible_problem(item["unit"])
                    if problem:
                        out.append(doc.finding(["findings", i, "unit"], INVISIBLE_CODE, problem))
    return out


def _names(
    data: dict[str, Any], path: Sequence[str], keys: bool
) -> Iterator[tuple[list[str | int], str, bool]]:
    value = data.get(path[0])
    if keys:
        if isinstance(value, dict):
            for name in value:
                if isinstance(name, str):
                    yield [path[0], name], name, True
    elif isinstance(value, str):
        yield [path[0]], value, False
