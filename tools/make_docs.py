"""Write docs/: one Chinese reference page per file kind, generated from schemas/ and examples/.

Each page lists every key of its file kind — the key's path, its Chinese title
(the schema's `title`), whether it is required, its type or allowed values, the
schema's description and an example taken from the example repository — and
shows a whole example file. Run `make docs` after changing a schema;
tests/test_docs.py regenerates the pages in memory and fails when docs/ differs.

Usage: python tools/make_docs.py [--check]
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"

NOTICE = "<!-- 本页由 tools/make_docs.py 根据 schemas/ 生成，请勿手工修改；修改 schemas/ 后运行 make docs。 -->"


@dataclass(frozen=True)
class Part:
    """One schema documented on a page, with the example file its examples come from."""

    heading: str
    schema: str
    example: str
    embed: bool


@dataclass(frozen=True)
class Page:
    """One page of docs/: a file kind, where its files live, and the schemas it documents."""

    name: str
    title: str
    where: str
    intro: str
    parts: tuple[Part, ...]


PAGES: tuple[Page, ...] = (
    Page(
        "taskbook.md",
        "任务书",
        "taskbooks/<单位>.yaml",
        "每个单位一本任务书，由单位填写；用 ankao new 生成带中文注释的模板。教学单位和机关、教学辅助机构的任务书各部分不同，"
        "用 kind 区分。",
        (
            Part(
                "教学单位（kind: teaching）", "teaching.schema.json", "taskbooks/文学院.yaml", False
            ),
            Part(
                "机关、教学辅助机构（kind: office）",
                "office.schema.json",
                "taskbooks/图书馆.yaml",
                False,
            ),
        ),
    ),
    Page(
        "review.md",
        "审核意见",
        "reviews/<单位>/r<轮次>-<审核部门>.yaml",
        "一个审核部门对一个单位第 N 轮的意见，由审核部门填写，或用 ankao comments import 从 Word 批注导入"
        "（以“【必须修改】”开头的批注，类别为必须修改，其余为建议）。",
        (Part("审核意见", "review.schema.json", "reviews/文学院/r1-教务处.yaml", True),),
    ),
    Page(
        "response.md",
        "单位答复",
        "reviews/<单位>/r<轮次>-response.yaml",
        "单位对第 N 轮审核意见的逐条答复（采纳、部分采纳、不采纳）。",
        (Part("单位答复", "response.schema.json", "reviews/文学院/r1-response.yaml", True),),
    ),
    Page(
        "approvals.md",
        "程序记录",
        "approvals/<单位>.yaml",
        "任期目标确定工作程序（《实施意见》四）各环节的记录，由领导小组办公室维护。",
        (Part("程序记录", "approval.schema.json", "approvals/文学院.yaml", True),),
    ),
    Page(
        "grades.md",
        "年度考核结果",
        "grades/<年度>.yaml",
        "各单位的年度考核等次和专项考核、平时考核的结论（《实施意见》五(二)、五(三)），ankao consequences 据此给出考核结果运用。",
        (Part("年度考核结果", "grades.schema.json", "grades/2025.yaml", True),),
    ),
    Page(
        "config.md",
        "项目配置",
        "ankao.yaml",
        "任务书仓库根目录的配置文件。所有键都可以不写，不写时使用内置默认值；ankao init 生成的 ankao.yaml 写明了全部默认值。",
        (Part("ankao.yaml", "config.schema.json", "ankao.yaml", True),),
    ),
)
"""The pages of docs/, in the order of the index."""

TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "object": "映射",
    "array": "列表",
    "boolean": "true 或 false",
}

KEY_NAMES = {
    "units": "<单位名称>",
    "reviewers": "<审核部门>",
    "grades": "<单位名称>",
    "finding_types": "<结论类型>",
}
"""The placeholder for the free keys of a mapping, by the mapping's key."""


def _load(name: str) -> dict[str, Any]:
    data = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def resolve(schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """`schema` with its `$ref` followed and merged: local keys win, `required` and `properties` add up."""
    if "$ref" not in schema:
        return schema, base
    ref = schema["$ref"]
    file, _, pointer = ref.partition("#")
    target_file = file or base
    node: Any = _load(target_file)
    for part in pointer.strip("/").split("/"):
        if part:
            node = node[part]
    target, target_file = resolve(node, target_file)
    merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    if "properties" in target and "properties" in schema:
        props = dict(target["properties"])
        for key, value in schema["properties"].items():
            props[key] = {**props.get(key, {}), **value}
        merged["properties"] = props
    if "required" in target or "required" in schema:
        merged["required"] = list(
            dict.fromkeys([*target.get("required", []), *schema.get("required", [])])
        )
    return merged, target_file


@dataclass(frozen=True)
class Row:
    """One key of a file kind as the page's table lists it."""

    path: str
    title: str
    required: bool
    kind: str
    note: str
    parts: tuple[str, ...]
    schema: dict[str, Any]
    named: tuple[str, ...] = ()
    """For a `<…>` key: the keys the mapping names itself, which are no example of it."""


def rows(schema: dict[str, Any], base: str) -> list[Row]:
    """Every key of `schema`, depth first in the schema's order."""
    out: list[Row] = []
    _walk(schema, base, (), out)
    return out


def _walk(schema: dict[str, Any], base: str, parts: tuple[str, ...], out: list[Row]) -> None:
    schema, base = resolve(schema, base)
    if "if" in schema and "then" in schema and "properties" not in schema:  # a rule's setting
        then, _ = resolve(schema["then"], base)
        _walk_object(then, base, parts, out)
        return
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        raw = schema["items"]
        if is_target(
            raw
        ):  # targets are documented once, in their own table; here only what differs
            _walk_object(
                {"properties": raw.get("properties", {}), "required": raw.get("required", [])},
                base,
                (*parts, "[]"),
                out,
            )
            return
        items, item_base = resolve(raw, base)
        if "properties" in items:
            _walk_object(items, item_base, (*parts, "[]"), out)
        return
    _walk_object(schema, base, parts, out)


def _walk_object(schema: dict[str, Any], base: str, parts: tuple[str, ...], out: list[Row]) -> None:
    required = set(schema.get("required", []))
    for key, child in schema.get("properties", {}).items():
        resolved, child_base = resolve(child, base)
        out.append(_row((*parts, key), key in required, resolved))
        _walk(child, base, (*parts, key), out)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        resolved, extra_base = resolve(extra, base)
        names = schema.get("propertyNames", {})
        names_resolved, _ = resolve(names, base) if isinstance(names, dict) else ({}, base)
        if names_resolved.get("title"):
            placeholder = f"<{names_resolved['title']}>"
        elif "year_key" in str(names.get("$ref", "")):
            placeholder = "<年份>"
        else:
            placeholder = KEY_NAMES.get(parts[-1] if parts else "", "<名称>")
        named = tuple(schema.get("properties", {}))
        out.append(_row((*parts, placeholder), False, resolved, named))
        _walk(extra, extra_base, (*parts, placeholder), out)


def is_target(schema: dict[str, Any]) -> bool:
    """Whether a list's items are targets (`$defs/target`), directly or through `$defs/targets`."""
    return str(schema.get("$ref", "")).endswith("$defs/target")


def _row(
    parts: tuple[str, ...], required: bool, schema: dict[str, Any], named: tuple[str, ...] = ()
) -> Row:
    path = ".".join(parts).replace(".[]", "[]")
    return Row(
        path,
        schema.get("title", ""),
        required,
        kind_of(schema),
        note_of(schema),
        parts,
        schema,
        named,
    )


def kind_of(schema: dict[str, Any]) -> str:
    """The type or allowed values of a key, in Chinese."""
    if "const" in schema:
        return f"固定为 `{schema['const']}`"
    if "if" in schema and "else" in schema and "properties" not in schema:
        return "error、warning 或 off；或写成映射（severity 及阈值）"
    if "enum" in schema:
        names = schema.get("enumDescriptions", [])
        values = [
            f"`{v}`（{names[i]}）" if i < len(names) else f"`{v}`"
            for i, v in enumerate(schema["enum"])
        ]
        return "可选：" + "、".join(values)
    if isinstance(schema.get("anyOf"), list) and schema["anyOf"]:
        first, _ = resolve(schema["anyOf"][0], "defs.schema.json")
        text = kind_of(first)
        if any(isinstance(b, dict) and b.get("type") == "array" for b in schema["anyOf"][1:]):
            text += "；服务几个方面时可写成这些值的列表"
        return text
    kind = schema.get("type")
    if not isinstance(kind, str):
        return "—"
    text = TYPE_NAMES.get(kind, kind)
    if kind == "string" and schema.get("minLength", 0) >= 1:
        text += "（不能为空）"
    if kind == "string" and "pattern" in schema and "YYYY-MM-DD" in schema.get("description", ""):
        text = "日期 YYYY-MM-DD"
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        text += f"，{low}～{high}"
    elif low is not None:
        text += f"，≥{low}"
    if "exclusiveMinimum" in schema and "exclusiveMaximum" in schema:
        text += f"，大于 {schema['exclusiveMinimum']} 且小于 {schema['exclusiveMaximum']}"
    if kind == "array" and isinstance(schema.get("items"), dict) and is_target(schema["items"]):
        text += "，每项是一个目标（见“目标”表）"
    elif kind == "array" and isinstance(schema.get("items"), dict):
        items, _ = resolve(schema["items"], "defs.schema.json")
        if "properties" not in items and "enum" in items:
            text += "，每项" + kind_of(items)
        elif "properties" not in items and items.get("type"):
            text += "，每项为" + TYPE_NAMES.get(items["type"], items["type"])
    if schema.get("minItems"):
        text += f"，至少 {schema['minItems']} 项"
    return text


def note_of(schema: dict[str, Any]) -> str:
    """The schema's description of a key, and its default."""
    note = str(schema.get("description", ""))
    if note in ("不能为空的文字", "四位数年份，例如 2025"):
        note = ""
    if "default" in schema and "默认" not in note:
        note = (note + "；" if note else "") + f"默认 `{schema['default']}`"
    return note


# --- examples ------------------------------------------------------------------------------


def example_data(relative: str) -> Any:
    """The example file's data, read as ankao reads it (YAML 1.2: years and dates stay text)."""
    sys.path.insert(0, str(ROOT))
    from ankao.load.document import load_file

    doc = load_file(EXAMPLES / relative, relative)
    return doc.data


def find(data: Any, parts: tuple[str, ...], named: tuple[str, ...] = ()) -> Any:
    """The first value at `parts` in `data` (`[]` any element, `<…>` any key but `named`), or None."""
    if not parts:
        return data
    head, rest = parts[0], parts[1:]
    if head == "[]":
        candidates = data if isinstance(data, list) else []
    elif head.startswith("<"):
        candidates = (
            [v for k, v in data.items() if k not in named] if isinstance(data, dict) else []
        )
    else:
        candidates = [data[head]] if isinstance(data, dict) and head in data else []
    for value in candidates:
        found = find(value, rest, named)
        if found is not None:
            return found
    return None


def inline(value: Any) -> str:
    """A value as one line of YAML flow style."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def example_of(row: Row, data: Any) -> str:
    """An example value for a key: from the example file, else from the schema."""
    value = find(data, row.parts, row.named)
    text = "" if value is None else inline(value)
    if (
        row.parts[-1].startswith("<")
        and isinstance(value, (str, int, float))
        and not isinstance(value, bool)
    ):
        key = _first_key(data, row.parts[:-1], row.named)
        text = f"{key}: {text}" if key is not None else text
    if not text or len(text) > 60:
        if "const" in row.schema:
            return f"`{row.schema['const']}`"
        if "enum" in row.schema:
            return f"`{row.schema['enum'][0]}`"
        m = re.search(r"例如 ([^；，。]+)", str(row.schema.get("description", "")))
        if m and not text:
            return f"`{m.group(1).strip()}`"
        if not text or isinstance(value, (dict, list)):
            return "—"
        text = text[:40] + "……"
    return f"`{text}`"


def _first_key(data: Any, parts: tuple[str, ...], named: tuple[str, ...]) -> str | None:
    parent = find(data, parts)
    keys = [k for k in parent if k not in named] if isinstance(parent, dict) else []
    return str(keys[0]) if keys else None


# --- pages ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def _items(schema: dict[str, Any]) -> dict[str, Any]:
    items = schema.get("items")
    return items if isinstance(items, dict) else {}


def _line(row: Row, data: Any, within: tuple[str, ...]) -> str:
    example = example_of(
        Row(
            row.path,
            row.title,
            row.required,
            row.kind,
            row.note,
            (*within, *row.parts),
            row.schema,
            row.named,
        ),
        data,
    )
    return (
        "| "
        + " | ".join(
            [
                f"`{row.path}`",
                _cell(row.title),
                "是" if row.required else "否",
                _cell(row.kind),
                _cell(row.note),
                _cell(example),
            ]
        )
        + " |"
    )


def render_page(page: Page) -> str:
    """The Markdown of one page."""
    lines = [f"# {page.title}（{page.where}）", "", NOTICE, "", page.intro, ""]
    for part in page.parts:
        schema = _load(part.schema)
        if len(page.parts) > 1:
            lines += [f"## {part.heading}", ""]
            lines += [f"{schema.get('title', '')}：{schema.get('description', '')}", ""]
        lines += [
            "| 键 | 中文名 | 必填 | 类型与可选值 | 说明 | 示例 |",
            "|---|---|---|---|---|---|",
        ]
        data = example_data(part.example)
        for row in rows(schema, part.schema):
            lines.append(_line(row, data, ()))
        lines.append("")
        if any(is_target(_items(r.schema)) for r in rows(schema, part.schema)):
            lines += [f"### 目标（{schema.get('title', '')}各部分列表中的每一项）", ""]
            lines += [
                "| 键 | 中文名 | 必填 | 类型与可选值 | 说明 | 示例 |",
                "|---|---|---|---|---|---|",
            ]
            target = {"$ref": "defs.schema.json#/$defs/target"}
            for row in rows(target, part.schema):
                lines.append(_line(row, data, ("goals", "<部分>", "[]")))
            lines.append("")
        lines.append(
            "“必填”指所在的映射出现时必须写这个键；`[]` 表示列表中的每一项，`<…>` 表示由你命名的键。"
        )
        lines.append("")
        if part.embed:
            text = (EXAMPLES / part.example).read_text(encoding="utf-8").rstrip("\n")
            lines += [f"完整示例（examples/{part.example}）：", "", "```yaml", text, "```", ""]
        else:
            lines += [
                f"完整示例见示例仓库中的 [examples/{part.example}](../examples/{part.example})。",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_index() -> str:
    """docs/README.md: what each page documents, and where the rest is."""
    lines = [
        "# ankao 文件格式参考",
        "",
        NOTICE,
        "",
        "任务书仓库中每一种文件的全部键：中文名、是否必填、类型与可选值、说明和示例。",
        "",
    ]
    lines += [f"- [{p.title}]({p.name})：`{p.where}`" for p in PAGES]
    lines += [
        "- [检查规则和诊断代码](rules.md)",
        "- [单位填写的表格](forms.md)：`ankao form` 生成、`ankao intake` 读回的 Excel 表格（含截图）",
        "",
        "检查规则和每个诊断代码的说明也可用 `ankao rules` 查看（`ankao rules 代码` 显示一条的完整说明）；"
        "每个命令的用法和示例用 `ankao 命令 --help` 查看。",
        "",
    ]
    return "\n".join(lines)


def render_rules() -> str:
    """docs/rules.md: every rule and diagnostic code, as `ankao rules` lists them."""
    sys.path.insert(0, str(ROOT))
    from ankao.findings.codes import FAMILIES, SEVERITY_NAMES
    from ankao.rules.catalogue import catalogue

    entries = catalogue()
    notice = "<!-- 本页由 tools/make_docs.py 根据 ankao/findings/codes/ 和 ankao.rules.RULES 生成，请勿手工修改；修改后运行 make docs。 -->"
    lines = [
        "# 检查规则和诊断代码",
        "",
        notice,
        "",
        "与 `ankao rules` 的内容相同；`ankao rules 代码` 显示一条的完整说明。检查规则的级别（error 错误、warning 警告、"
        "off 关闭）和阈值可在 `ankao.yaml` 的 `rules:` 中调整。",
        "",
    ]
    for family, heading in FAMILIES.items():
        group = [e for e in entries if e.code.family == family]
        if not group:
            continue
        lines += [
            f"## {heading}",
            "",
            "| 代码 | 名称 | 默认级别 | 依据 | 要求 | 示例 |",
            "|---|---|---|---|---|---|",
        ]
        for e in group:
            c = e.code
            lines.append(
                "| "
                + " | ".join(
                    [
                        f"`{c.code}`",
                        _cell(c.title),
                        SEVERITY_NAMES[e.severity],
                        _cell(c.clause),
                        _cell(c.summary),
                        _cell(c.example),
                    ]
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


FORMS_NOTICE = "<!-- 本页由 tools/make_docs.py 生成（代码表取自 ankao/findings/codes.py），请勿手工修改；截图用 make form-pages 重新生成。 -->"
FORMS_PAGE = "# 单位填写的表格（`ankao form` / `ankao intake`）\n\n办公室用 `ankao form` 为单位生成 Excel 表格，单位用 Excel 或 WPS 填写后发回，办公室用 `ankao intake` 读回仓库。下面是文学院的表格经 LibreOffice 打印的样子（A4，每页重复表头）。\n\n## 任务书填写表（`ankao form 文学院 -o 文学院-任务书.xlsx`）\n\n第一张工作表是填写说明：\n\n![填写说明](forms/填写说明.png)\n\n基本情况：单位、类别不能修改（灰色底纹），任期、本单位自然情况（教学单位填写，100 字以内）、任期总体目标直接填写：\n\n![基本情况](forms/基本情况.png)\n\n班子成员：每位成员一行，“主要负责人”从下拉列表中选择（党组织主要负责人、行政主要负责人、党政主要负责人），其他成员不填：\n\n![班子成员](forms/班子成员.png)\n\n任务书的每个部分一张工作表，表头是编号、方面、目标内容、指标名称、计量单位、基数、目标值、方向、各年度进度、验收标准、责任人。已有目标的编号不能修改；下面的空行用来新增目标，图中的 DJ-08 就是单位新增的一行：\n\n![党建工作目标](forms/党建工作目标.png)\n\n- 方面：从本部分的可选项中选择（党建、教学、学科建设与科研、校企合作及国际合作交流工作目标），其他部分可以自由填写；一个目标服务几个方面时用顿号分隔；\n- 方向：提高（不选时即为提高）、降低、保持、不低于、不高于；\n- 基数、目标值、年度进度：只填数字，百分比填 91.5、计量单位写 %；\n- 定性目标不填指标各栏，填写验收标准。\n\n## 完成情况表（`ankao form 文学院 --actuals 2026 -o 文学院-2026年完成情况.xlsx`）\n\n每个目标一行。灰色各栏来自任务书；“2026年应达”是该年度的年度进度，没有年度进度时按基数到目标值在任期内均匀推进计算。定量目标填写“完成值”，定性目标选择状态并写明说明：\n\n![完成情况](forms/完成情况.png)\n\n## 读回仓库（`ankao intake`）\n\n```sh\nankao intake 文学院-任务书.xlsx\nankao intake 文学院-2026年完成情况.xlsx\nankao intake 文学院-审核意见反馈表.docx\n```\n\n只改动变化了的值：注释、空行、键的顺序、引号和数字的写法都不变。表格中的每个问题都指到单元格（如 `文学院-任务书.xlsx › 党建工作目标!G7`），有问题时不写入任何文件。"


def render_forms() -> str:
    """docs/forms.md: the forms as LibreOffice prints them, and the codes of `ankao intake`."""
    from ankao.findings.codes import CODES, SEVERITY_NAMES

    lines = [
        FORMS_PAGE.rstrip("\n").replace(
            "# 单位填写的表格（`ankao form` / `ankao intake`）\n",
            "# 单位填写的表格（`ankao form` / `ankao intake`）\n\n" + FORMS_NOTICE + "\n",
            1,
        ),
        "",
    ]
    lines += [
        "表格中的问题的诊断代码（也见 [检查规则和诊断代码](rules.md)）：",
        "",
        "| 代码 | 级别 | 名称 | 说明 |",
        "|---|---|---|---|",
    ]
    for c in CODES:
        if c.family == "forms":
            lines.append(
                f"| `{c.code}` | {SEVERITY_NAMES[c.severity]} | {c.title} | {_cell(c.summary)} |"
            )
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    """Every file of docs/ by name, as it should be."""
    out = {"README.md": render_index(), "rules.md": render_rules(), "forms.md": render_forms()}
    for page in PAGES:
        out[page.name] = render_page(page)
    return out


def main(argv: list[str]) -> int:
    """Write docs/ (or with --check, report whether it is up to date)."""
    wanted = pages()
    if "--check" in argv:
        stale = [
            n
            for n, t in wanted.items()
            if not (DOCS / n).is_file() or (DOCS / n).read_text(encoding="utf-8") != t
        ]
        for name in stale:
            print(f"docs/{name} 与 schemas/ 不一致：请运行 make docs")
        return 1 if stale else 0
    DOCS.mkdir(exist_ok=True)
    for name, text in wanted.items():
        (DOCS / name).write_text(text, encoding="utf-8")
        print(f"已写入 docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
