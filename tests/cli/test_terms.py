"""The next term (SPEC §10) through the CLI: `init --from`, `new` pre-filled from the last
book, the two rules of `check`, a last term that cannot be read, and `status`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, copy_examples
from typer.testing import CliRunner

from ankao.cli import app
from ankao.load.config import load_config

OLD_CONFIG = """\
school: 示范学院
term: {start: 2025, end: 2028}
units:
  教务处: office
  文学院: teaching
reviewers:
  教务处: [teaching, business]
  组织部: [members, party_building]
rules:
  quantitative-share:
    severity: error
    min_share: 0.6
  vague-wording: off
limits:
  max_file_size: 2097152
"""

# The last term's book of 教务处 (2025–2028). DJ-06's latest actual is that of 2028 (7),
# written before 2027's; YW-01 reported no actual; YW-02 is a decrease target whose
# latest actual is 2027's (2.5).
OLD_BOOK = """\
schema_version: 1
kind: office
unit: 教务处
term: {start: 2025, end: 2028}
members:
  - {name: 王某, post: 处长, duties: 主持全面工作, principal: both}
  - {name: 赵某, post: 副处长, duties: 分管教学运行}
goals:
  overall: 提高本科教学质量。
  party_building:
    - id: DJ-06
      aspect: 党员队伍建设
      content: 在业务骨干中发展党员
      metric: {name: 发展党员, unit: 人, baseline: 2, target: 6}
      owner: 王某
      actuals: {2025: 3, 2026: 5, 2028: 7, 2027: 6}
  business:
    - id: YW-01
      content: 建设省级一流本科课程
      metric: {name: 省级一流本科课程, unit: 门, baseline: 4, target: 10}
      owner: 赵某
    - id: YW-02
      content: 缩短教学事务办理时限
      metric: {name: 平均办理时限, unit: 个工作日, baseline: 5, target: 3, direction: decrease}
      owner: 赵某
      actuals: {2026: 4, 2027: 2.5}
  institutions:
    - id: ZD-01
      content: 修订教学管理制度
      criteria: 2026年底前印发修订后的教学管理制度汇编
      owner: 王某
  service_commitment: []
  other: []
"""


@pytest.fixture
def old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The last term's repository `任期目标2025` (with books, reviews, approvals and grades),
    the current folder being the one that holds it."""
    root = tmp_path / "任期目标2025"
    for folder in ("taskbooks", "reviews/教务处", "approvals", "grades"):
        (root / folder).mkdir(parents=True)
    (root / "ankao.yaml").write_text(OLD_CONFIG, encoding="utf-8")
    (root / "taskbooks/教务处.yaml").write_text(OLD_BOOK, encoding="utf-8")
    shutil.copy(EXAMPLES / "taskbooks/文学院.yaml", root / "taskbooks/文学院.yaml")
    (root / "reviews/教务处/r1-组织部.yaml").write_text("unit: 教务处\n", encoding="utf-8")
    (root / "approvals/教务处.yaml").write_text("unit: 教务处\nevents: []\n", encoding="utf-8")
    (root / "grades/2025.yaml").write_text("year: 2025\ngrades: {教务处: 优秀}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def check_json(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[dict[str, object]]]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["check", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def started(old: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`ankao init 任期目标2029 --from 任期目标2025`, then `ankao new 教务处` in it."""
    result = invoke("init", "任期目标2029", "--from", "任期目标2025")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    new = old.parent / "任期目标2029"
    monkeypatch.chdir(new)
    result = invoke("new", "教务处")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return new


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` holding `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


# --- init --from ---------------------------------------------------------------------------


def test_init_from_a_relative_path_copies_the_config_not_the_files(old: Path) -> None:
    result = invoke("init", "任期目标2029", "--from", "任期目标2025")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    new = old.parent / "任期目标2029"
    text = (new / "ankao.yaml").read_text(encoding="utf-8")
    assert "previous_term: ../任期目标2025\n" in text
    config, doc = load_config(new)
    assert doc is not None and not doc.findings
    assert config.previous_term == "../任期目标2025"
    assert config.school == "示范学院"
    assert config.units == {"教务处": "office", "文学院": "teaching"}
    assert config.reviewers == {
        "教务处": ["teaching", "business"],
        "组织部": ["members", "party_building"],
    }
    assert config.rules == {
        "quantitative-share": {"severity": "error", "min_share": 0.6},
        "vague-wording": "off",
    }
    assert config.max_file_size == 2097152
    # the last term's own term is not this one's: left out, the following one suggested
    assert config.term is None
    assert "# term: {start: 2029, end: 2032}" in text
    assert "没有复制：term（上一任期的任期）" in result.output  # type: ignore[attr-defined]
    # books, reviews, approvals and grades stay with the last term
    for folder in ("taskbooks", "reviews", "approvals", "grades"):
        assert [p.name for p in (new / folder).iterdir()] == [".gitkeep"], folder
    validated = invoke("validate", str(new / "ankao.yaml"))
    assert validated.exit_code == 0, validated.output  # type: ignore[attr-defined]


def test_init_from_absolute_paths_stores_the_link_relative_to_the_new_root(
    old: Path, tmp_path: Path
) -> None:
    new = tmp_path / "换届" / "任期目标2029"
    result = invoke("init", str(new), "--from", str(old))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    config, _ = load_config(new)
    assert config.previous_term == "../../任期目标2025"
    assert (new / config.previous_term).resolve() == old.resolve()


def test_init_from_typed_relative_to_a_subfolder(
    old: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = old.parent / "办公室"
    work.mkdir()
    monkeypatch.chdir(work)
    result = invoke("init", "新任期", "--from", "../任期目标2025")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    config, _ = load_config(work / "新任期")
    assert config.previous_term == "../../任期目标2025"


def test_init_from_a_folder_that_is_not_a_repository(old: Path) -> None:
    (old.parent / "空文件夹").mkdir()
    result = invoke("init", "任期目标2029", "--from", "空文件夹")
    assert result.exit_code == 2
    assert "不是任务书仓库" in result.output  # type: ignore[attr-defined]
    result = invoke("init", "任期目标2029", "--from", "没有这个")
    assert result.exit_code == 2
    assert "找不到上一任期的仓库：没有这个" in result.output  # type: ignore[attr-defined]
    assert not (old.parent / "任期目标2029" / "ankao.yaml").exists()
    # the school comes from the last term's ankao.yaml: --school beside it is refused
    result = invoke("init", "任期目标2029", "--from", "任期目标2025", "--school", "别的学院")
    assert result.exit_code == 2
    assert "学校名称从上一任期的 ankao.yaml 复制，不用再写 --school" in result.output  # type: ignore[attr-defined]
    # an ankao.yaml already there is never rewritten
    (old.parent / "已有").mkdir()
    (old.parent / "已有/ankao.yaml").write_text("school: 已有学院\n", encoding="utf-8")
    result = invoke("init", "已有", "--from", "任期目标2025")
    assert result.exit_code == 2
    assert "ankao.yaml 已存在，没有改动" in result.output  # type: ignore[attr-defined]
    assert (old.parent / "已有/ankao.yaml").read_text(encoding="utf-8") == "school: 已有学院\n"


# --- new, pre-filled -----------------------------------------------------------------------


def test_new_prefills_from_the_last_book(old: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = started(old, monkeypatch)
    path = new / "taskbooks/教务处.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../.ankao/schemas/office.schema.json"
    assert lines[2].startswith(
        "# 由 ankao new 根据上一任期的任务书 ../任期目标2025/taskbooks/教务处.yaml（2025—2028年）预填"
    )
    from ankao.load.document import load_file

    data = load_file(path).data
    assert data["kind"] == "office"
    # 2025–2028 is four years: the next term is 2029–2032
    assert data["term"] == {"start": 2029, "end": 2032}
    assert data["members"] == [
        {"name": "王某", "post": "处长", "duties": "主持全面工作", "principal": "both"},
        {"name": "赵某", "post": "副处长", "duties": "分管教学运行"},
    ]
    goals = data["goals"]
    (dj,) = goals["party_building"]
    assert dj["id"] == dj["previous"] == "DJ-06"
    # the latest actual is 2028's 7, though 2027 was written after it
    assert dj["metric"] == {"name": "发展党员", "unit": "人", "baseline": 7}
    assert "baseline: 7       # 上一任期 2028 年的实际完成值" in text
    yw1, yw2 = goals["business"]
    assert (yw1["previous"], yw1["metric"]["baseline"]) == ("YW-01", 10)  # no actual: the target
    assert "baseline: 10       # 上一任期没有填报完成值，暂取上一任期的目标值：请核实" in text
    assert yw2["previous"] == "YW-02"
    assert yw2["metric"] == {
        "name": "平均办理时限",
        "unit": "个工作日",
        "baseline": 2.5,
        "direction": "decrease",
    }
    (zd,) = goals["institutions"]
    assert (zd["previous"], zd["criteria"]) == ("ZD-01", "2026年底前印发修订后的教学管理制度汇编")
    assert goals["service_commitment"] == [] and goals["other"] == []
    assert (
        "已预填  按上一任期的任务书 ../任期目标2025/taskbooks/文学院.yaml"
        in invoke("new", "文学院").output
    )  # type: ignore[attr-defined]
    # both drafts are schema-valid; the teaching one keeps its profile and sections
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    teaching = load_file(new / "taskbooks/文学院.yaml").data
    assert teaching["term"] == {"start": 2028, "end": 2031}  # examples' 文学院 is 2024–2027
    assert teaching["profile"].startswith("学院设汉语言文学（师范）")
    # the drafts carry no finding of the two rules: baselines are the record itself
    _, found = check_json(new, monkeypatch)
    assert not [f for f in found if str(f["code"]).endswith("-record")]


def test_new_with_blank_or_without_a_last_book(old: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = started(old, monkeypatch)
    result = invoke("new", "外国语学院")
    assert result.exit_code == 2
    assert (
        "缺少选项 --kind（可选：office、teaching）：上一任期没有这个单位的任务书，无法预填"
        in result.output  # type: ignore[attr-defined]
    )
    result = invoke("new", "外国语学院", "--kind", "teaching")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "没有“外国语学院”的任务书，生成的是空白模板" in result.output  # type: ignore[attr-defined]
    result = invoke("new", "文学院", "--blank")
    assert result.exit_code == 2  # the blank scaffold needs its kind
    result = invoke("new", "文学院", "--blank", "--kind", "teaching")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    text = (new / "taskbooks/文学院.yaml").read_text(encoding="utf-8")
    assert "previous:" not in text and "由 ankao new 根据上一任期" not in text
    result = invoke("new", "教务处", "--kind", "teaching", "--force")
    assert result.exit_code == 2
    assert "上一任期“教务处”的任务书类别是 office，与 --kind teaching 不同" in result.output  # type: ignore[attr-defined]


# --- the two rules -------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rules_match_by_previous_id(old: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = started(old, monkeypatch)
    book = new / "taskbooks/教务处.yaml"
    # the unit lowers DJ-06's starting point below 2028's 7 and aims at 7 again
    edit(book, "baseline: 7       # 上一任期 2028 年的实际完成值", "baseline: 5\n        target: 7")
    # a new id and a new metric name: only `previous:` ties it to the last term's DJ-06
    edit(book, "- id: DJ-06\n      previous: DJ-06", "- id: DJ-01\n      previous: DJ-06")
    edit(book, "name: 发展党员", "name: 业务骨干中发展党员")
    exit_code, found = check_json(new, monkeypatch)
    record = [f for f in found if str(f["code"]).endswith("-record")]
    assert record == [
        {
            "file": "taskbooks/教务处.yaml",
            "line": line_of(book, "baseline: 5"),
            "column": 19,
            "path": "goals.party_building[0].metric.baseline",
            "code": "baseline-below-record",
            "severity": "warning",
            "message": "基数 5 低于上一任期 2028 年的实际完成值 7（上一任期 DJ-06）",
        },
        {
            "file": "taskbooks/教务处.yaml",
            "line": line_of(book, "target: 7"),
            "column": 17,
            "path": "goals.party_building[0].metric.target",
            "code": "target-below-record",
            "severity": "warning",
            "message": "目标值 7 不高于上一任期 2028 年的实际完成值 7（上一任期 DJ-06）",
        },
    ]
    # warnings alone never fail the check
    assert exit_code == (1 if any(f["severity"] == "error" for f in found) else 0)


def test_rules_match_by_metric_name_and_unit(old: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new = started(old, monkeypatch)
    book = new / "taskbooks/教务处.yaml"
    # a target of its own (no `previous:`) measuring what YW-02 measured: less is better,
    # and 2027's 2.5 days is the record — a baseline of 3 starts from worse than that
    edit(
        book,
        "  other: []",
        "  other:\n"
        "    - id: QT-01\n"
        "      content: 压缩事务办理时间\n"
        "      metric: {name: 平均办理时限, unit: 个工作日, baseline: 3, target: 2.5, direction: decrease}\n"
        "    - id: QT-02\n"
        "      content: 同名而计量单位不同的指标不对应\n"
        "      metric: {name: 平均办理时限, unit: 小时, baseline: 1, target: 0.5, direction: decrease}",
    )
    _, found = check_json(new, monkeypatch)
    record = [
        (f["path"], f["code"], f["message"]) for f in found if str(f["code"]).endswith("-record")
    ]
    assert record == [
        (
            "goals.other[0].metric.baseline",
            "baseline-below-record",
            "基数 3 高于上一任期 2027 年的实际完成值 2.5（上一任期 YW-02）",
        ),
        (
            "goals.other[0].metric.target",
            "target-below-record",
            "目标值 2.5 不低于上一任期 2027 年的实际完成值 2.5（上一任期 YW-02）",
        ),
    ]
    line = line_of(book, "id: QT-01") + 2
    assert {f["line"] for f in found if str(f["path"]).startswith("goals.other[0].metric")} == {
        line
    }


def test_rules_take_their_severity_from_the_config(
    old: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = started(old, monkeypatch)
    edit(new / "taskbooks/教务处.yaml", "baseline: 7       #", "baseline: 6\n        target: 9  #")
    with (new / "ankao.yaml").open("a", encoding="utf-8") as f:
        f.write("\n")
    edit(
        new / "ankao.yaml",
        "  vague-wording: off\n",
        "  vague-wording: off\n  baseline-below-record: error\n",
    )
    exit_code, found = check_json(new, monkeypatch)
    assert [(f["code"], f["severity"]) for f in found if str(f["code"]).endswith("-record")] == [
        ("baseline-below-record", "error")
    ]
    assert exit_code == 1
    edit(new / "ankao.yaml", "  baseline-below-record: error\n", "  baseline-below-record: off\n")
    _, found = check_json(new, monkeypatch)
    assert not [f for f in found if str(f["code"]).endswith("-record")]


def test_a_missing_previous_repository_is_one_warning(
    old: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = started(old, monkeypatch)
    shutil.rmtree(old)
    draft = new / "taskbooks/教务处.yaml"
    kept = draft.read_text(encoding="utf-8")
    draft.unlink()  # the draft's own errors (targets still to fill in) aside
    exit_code, found = check_json(new, monkeypatch)
    (warning,) = found
    assert warning == {
        "file": "ankao.yaml",
        "line": line_of(new / "ankao.yaml", "previous_term: ../任期目标2025"),
        "column": 16,
        "path": "previous_term",
        "code": "previous-term-unreadable",
        "severity": "warning",
        "message": "上一任期的仓库 ../任期目标2025 无法使用：找不到这个文件夹。"
        "没有与上一任期比较基数和目标值（baseline-below-record、target-below-record）；"
        "请改正 previous_term（相对于 ankao.yaml 所在的文件夹）",
    }
    assert exit_code == 0  # a warning never fails the check
    draft.write_text(kept, encoding="utf-8")
    _, found = check_json(new, monkeypatch)
    assert [f for f in found if f["file"] == "ankao.yaml"] == [warning]
    # text output shows it too, at its line
    result = invoke("check")
    assert f"ankao.yaml:{warning['line']}:16" in result.output  # type: ignore[attr-defined]
    # `new` refuses to guess, and says how to go on
    result = invoke("new", "教务处", "-o", "another.yaml")
    assert result.exit_code == 2
    assert (
        "上一任期的仓库 ../任期目标2025（ankao.yaml 的 previous_term）无法使用：找不到这个文件夹"
        in result.output
    )  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_a_previous_repository_that_is_a_file_or_has_broken_books(
    old: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = started(old, monkeypatch)
    edit(old / "taskbooks/文学院.yaml", "kind: teaching", "kind: 教学")
    _, found = check_json(new, monkeypatch)
    (warning,) = [f for f in found if f["code"] == "previous-term-unreadable"]
    assert warning["message"] == (
        "上一任期的仓库 ../任期目标2025 中的任务书 ../任期目标2025/taskbooks/文学院.yaml有错误，"
        "没有用于比较：这些单位的基数和目标值未与上一任期比较"
    )
    # `new` says why it could not pre-fill a unit whose last book has errors
    result = invoke("new", "文学院", "--kind", "teaching")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (
        "没有“文学院”的任务书，生成的是空白模板"
        "（上一任期有错误、没有读取的任务书：../任期目标2025/taskbooks/文学院.yaml）"
    ) in result.output  # type: ignore[attr-defined]
    shutil.rmtree(old)
    old.write_text("不是文件夹", encoding="utf-8")
    _, found = check_json(new, monkeypatch)
    (warning,) = [f for f in found if f["code"] == "previous-term-unreadable"]
    assert "无法使用：这不是文件夹" in str(warning["message"])


# --- status and the examples ---------------------------------------------------------------


def test_status_counts_carried_and_flagged_targets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_examples(tmp_path, "examples")
    monkeypatch.chdir(root)
    result = invoke("status", "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    units = {u["unit"]: u for u in json.loads(result.output)["units"]}  # type: ignore[attr-defined]
    # 图书馆's last term (任期目标2020) has YW-01 纸质文献总量, YW-02 电子数据库 and FW-02
    # 读者服务满意率（年度问卷）, all three matched by name and unit: YW-01's baseline 168 is
    # below 2023's 170, CN-01's 88 below 2023's 91; YW-02's 46 equals 2023's 46 (not below)
    assert (units["图书馆"]["carried_over"], units["图书馆"]["below_record"]) == (3, 2)
    # a unit with no book in the last term carries nothing over: null, not 0
    assert (units["文学院"]["carried_over"], units["文学院"]["below_record"]) == (None, None)
    text = invoke("status").output  # type: ignore[attr-defined]
    assert "图书馆 延续上一任期目标 3 项，其中 2 项低于上一任期的实际完成值" in text
    result = CliRunner().invoke(app, ["check", "--format", "json"])
    record = [
        (f["line"], f["message"])
        for f in json.loads(result.stdout)["diagnostics"]
        if f["code"] == "baseline-below-record"
    ]
    book = root / "taskbooks/图书馆.yaml"
    assert record == [
        (
            line_of(book, "baseline: 168"),
            "基数 168 低于上一任期 2023 年的实际完成值 170（上一任期 YW-01）",
        ),
        (
            line_of(book, "baseline: 88"),
            "基数 88 低于上一任期 2023 年的实际完成值 91（上一任期 FW-02）",
        ),
    ]
