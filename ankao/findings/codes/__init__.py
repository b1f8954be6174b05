"""Every diagnostic code ankao reports, defined once: family, severity, Chinese text, seed clause.

The registry is one typed table (`Code`), in modules by family: the rules of `ankao
check` (`codes.rules`) and every other code, by family (`codes.files`: loading,
schema, files; `codes.repository`: the repository, the last term; `codes.procedure`:
the procedure, forms). A rule is declared with its code object
(`@rule(code("profile-length"))`), so its default severity is the registry's;
`ankao rules` and `docs/rules.md` read the same table. A test holds every code
a module of ankao raises against the registry.
"""

from __future__ import annotations

from ankao.findings import Severity
from ankao.findings.codes.code import Code
from ankao.findings.codes.files import FILE_CODES
from ankao.findings.codes.procedure import PROCEDURE_CODES
from ankao.findings.codes.repository import REPOSITORY_CODES
from ankao.findings.codes.rules import RULE_CODES

FAMILIES: dict[str, str] = {
    "rule": "检查规则（ankao check）",
    "loading": "读取（ankao validate）",
    "schema": "格式（ankao validate）",
    "repository": "仓库（ankao check 整个仓库时）",
    "term": "上一任期（ankao check，ankao.yaml 写了 previous_term 时）",
    "files": "文件",
    "procedure": "程序（ankao approve、status、diff、assess）",
    "forms": "表格读入（ankao intake）",
    "other": "其他",
}
"""The kinds of codes, in the order `ankao rules` lists them, with their Chinese headings."""

SEVERITY_NAMES: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}
"""A severity as `ankao rules` and the text reports say it."""

CODES: tuple[Code, ...] = RULE_CODES + FILE_CODES + REPOSITORY_CODES + PROCEDURE_CODES
"""Every code, grouped by family; the rule codes in the order of `ankao.rules.RULES`."""

BY_CODE: dict[str, Code] = {c.code: c for c in CODES}


def code(name: str) -> Code:
    """The registered code `name`; KeyError (at import of the module naming it) when there is none."""
    return BY_CODE[name]


__all__ = ["BY_CODE", "CODES", "FAMILIES", "SEVERITY_NAMES", "Code", "code"]
