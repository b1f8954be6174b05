"""Synthetic task books of realistic size, for benchmarks: valid and rule-clean.

`write_books(folder, n, seed=0)` writes `n` task books (about two thirds
teaching, one third office) into `folder` and returns their paths. The text is
written the way a person writes it (comments, plain year keys such as
`2025: 3`, block style), so the loader meets what it meets in practice. Every
book passes `ankao validate` and is meant to pass `ankao check` as well:
quantitative targets are the majority, every listed aspect has a target,
milestones move towards the target and end on it, owners are members.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

__all__ = ["write_books", "book_text"]

TERM = (2024, 2027)

_SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
_FACULTIES = [
    "文学院",
    "外国语学院",
    "数学与统计学院",
    "物理与电子工程学院",
    "化学化工学院",
    "生命科学学院",
    "计算机科学与技术学院",
    "经济管理学院",
    "法学院",
    "马克思主义学院",
    "教育科学学院",
    "音乐学院",
    "美术学院",
    "体育学院",
    "机械工程学院",
    "土木工程学院",
]
_OFFICES = [
    "党委办公室",
    "组织部",
    "宣传部",
    "教务处",
    "科研处",
    "人事处",
    "学生工作处",
    "财务处",
    "国有资产管理处",
    "后勤管理处",
    "图书馆",
    "现代教育技术中心",
    "档案馆",
    "招生就业处",
    "国际交流与合作处",
    "保卫处",
]

_PARTY_TEACHING = [
    "政治思想建设",
    "党风廉政建设",
    "作风建设",
    "党支部建设",
    "党员教育发展",
    "党员作用发挥",
    "典型选树",
]
_PARTY_OFFICE = [
    "政治思想建设",
    "党风廉政建设",
    "作风建设",
    "党支部规范化建设",
    "党员队伍建设",
    "党员作用发挥",
    "典型选树",
]
_TEACHING = ["专业建设", "课程建设", "实验室建设", "教学改革"]
_RESEARCH = [
    "学科方向",
    "学科基地",
    "学科成果",
    "学科队伍",
    "科研团队",
    "科研项目",
    "科研经费",
    "科研成果",
    "学术交流",
]
_COOPERATION = ["校企合作", "国际合作交流"]

# (metric name, unit, baseline range, step range) for quantitative targets by theme.
_METRICS: dict[str, list[tuple[str, str, tuple[int, int], tuple[int, int]]]] = {
    "party": [
        ("理论学习中心组学习次数", "次", (8, 12), (2, 6)),
        ("发展党员人数", "人", (10, 30), (3, 10)),
        ("样板支部数", "个", (0, 2), (1, 3)),
        ("党员示范岗数", "个", (2, 6), (2, 5)),
    ],
    "teaching": [
        ("省级一流本科专业数", "个", (0, 2), (1, 2)),
        ("省级一流本科课程数", "门", (1, 5), (2, 6)),
        ("教学成果奖", "项", (0, 2), (1, 3)),
        ("实验室开放项目数", "项", (3, 10), (3, 8)),
        ("教改立项数", "项", (2, 8), (2, 6)),
    ],
    "research": [
        ("国家级科研项目数", "项", (1, 6), (2, 6)),
        ("年均科研经费", "万元", (80, 400), (40, 300)),
        ("高水平论文数", "篇", (10, 40), (5, 30)),
        ("省级科研平台数", "个", (0, 2), (1, 2)),
        ("学术会议举办次数", "次", (1, 3), (1, 3)),
    ],
    "faculty": [
        ("引进博士人数", "人", (0, 0), (4, 12)),
        ("在职攻读博士人数", "人", (0, 0), (2, 8)),
        ("高级职称教师占比", "%", (30, 45), (3, 10)),
    ],
    "students": [
        ("毕业生就业率", "%", (85, 92), (1, 5)),
        ("学科竞赛省级以上获奖", "项", (5, 20), (5, 15)),
        ("考研录取率", "%", (10, 20), (2, 6)),
    ],
    "cooperation": [
        ("校企合作实践基地数", "个", (3, 8), (2, 6)),
        ("国际交流学生人数", "人", (2, 10), (3, 10)),
    ],
    "service": [
        ("社会培训人次", "人次", (200, 800), (100, 500)),
        ("横向项目经费", "万元", (20, 100), (20, 150)),
    ],
    "office": [
        ("业务办理平均时限", "个工作日", (5, 10), (1, 3)),
        ("师生满意度", "%", (80, 90), (2, 6)),
        ("线上办理事项数", "项", (10, 30), (10, 30)),
        ("制度修订数", "项", (3, 8), (3, 10)),
    ],
}

_VERBS = ["推进", "完善", "建设", "落实", "实施", "深化", "健全", "提升"]
_OBJECTS = [
    "工作机制",
    "管理办法",
    "考核办法",
    "培养方案",
    "质量保障体系",
    "信息化平台",
    "服务流程",
    "激励机制",
]


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "某" + ("" if rng.random() < 0.7 else rng.choice("甲乙丙丁"))


def _q(text: str) -> str:
    """A YAML scalar: plain where safe, else double-quoted."""
    if any(c in text for c in ":#'\"[]{},&*!|>%@`") or text[:1] in "-?0123456789 ":
        return json.dumps(text, ensure_ascii=False)
    return text


class _Writer:
    """Builds one book's YAML text, line by line, with ids per section."""

    def __init__(self, rng: random.Random, owners: list[str]) -> None:
        self.rng = rng
        self.owners = owners
        self.lines: list[str] = []

    def quantitative(
        self, prefix: str, n: int, aspect: str | None, theme: str, extra: str = ""
    ) -> None:
        rng = self.rng
        name, unit, (b0, b1), (s0, s1) = rng.choice(_METRICS[theme])
        baseline = rng.randint(b0, b1)
        decrease = theme == "office" and unit == "个工作日"
        step = rng.randint(s0, s1)
        target = max(0, baseline - step) if decrease else baseline + step
        if decrease and target == baseline:
            target = baseline - 1 if baseline > 0 else baseline
            decrease = target < baseline
        self.lines.append(f"    - id: {prefix}-{n:02d}")
        if aspect:
            self.lines.append(f"      aspect: {aspect}")
        content = f"{rng.choice(_VERBS)}{aspect or ''}{extra}，{name}由{baseline}{unit}{'降至' if decrease else '达到'}{target}{unit}"
        self.lines.append(f"      content: {_q(content)}")
        self.lines.append("      metric:")
        self.lines.append(f"        name: {_q(name)}")
        self.lines.append(f"        unit: {_q(unit)}")
        self.lines.append(f"        baseline: {baseline}")
        self.lines.append(f"        target: {target}")
        if decrease:
            self.lines.append("        direction: decrease")
        self.lines.append("        milestones:")
        years = list(range(TERM[0], TERM[1] + 1))
        for i, year in enumerate(years, start=1):
            frac = i / len(years)
            value = round(baseline + (target - baseline) * frac)
            self.lines.append(f"          {year}: {value}")
        self.lines.append(f"      owner: {rng.choice(self.owners)}")

    def qualitative(self, prefix: str, n: int, aspect: str | None) -> None:
        rng = self.rng
        obj = rng.choice(_OBJECTS)
        self.lines.append(f"    - id: {prefix}-{n:02d}")
        if aspect:
            self.lines.append(f"      aspect: {aspect}")
        self.lines.append(f"      content: {rng.choice(_VERBS)}{aspect or ''}{obj}，形成长效机制")
        year = rng.randint(TERM[0] + 1, TERM[1])
        self.lines.append(f"      criteria: {year}年底前出台《{obj}》并印发执行，年度检查有记录")
        self.lines.append(f"      owner: {rng.choice(self.owners)}")

    def section(
        self,
        key: str,
        title: str,
        prefix: str,
        aspects: list[str | None],
        theme: str,
        *,
        quantitative_share: float = 0.75,
    ) -> None:
        self.lines.append(f"  # {title}")
        self.lines.append(f"  {key}:")
        # An exact share per section (not a coin per target), so every book stays
        # above the "定量为主" threshold whatever the seed.
        count = int(quantitative_share * len(aspects) + 0.5)
        chosen = set(self.rng.sample(range(len(aspects)), count))
        for n, aspect in enumerate(aspects, start=1):
            if n - 1 in chosen:
                self.quantitative(prefix, n, aspect, theme)
            else:
                self.qualitative(prefix, n, aspect)


def book_text(kind: str, unit: str, rng: random.Random) -> str:
    """The YAML text of one synthetic task book of `kind` for `unit`."""
    members = []
    posts = (
        ["党委书记", "院长", "党委副书记", "副院长", "副院长"]
        if kind == "teaching"
        else ["处长", "党支部书记、副处长", "副处长"]
    )
    used: set[str] = set()
    for i, post in enumerate(posts):
        name = _name(rng)
        while name in used:
            name = _name(rng)
        used.add(name)
        principal = (
            ("party" if i == 0 else "admin" if i == 1 else None)
            if kind == "teaching"
            else ("both" if i == 0 else None)
        )
        members.append((name, post, principal))
    owners = [m[0] for m in members]
    w = _Writer(rng, owners)
    lines = w.lines
    lines += [
        f"# yaml-language-server: $schema=../.ankao/schemas/{kind}.schema.json",
        f"# {unit} 中层领导班子任期目标任务书（{TERM[0]}—{TERM[1]}）",
        "schema_version: 1",
        f"kind: {kind}",
        f"unit: {unit}",
        "term:",
        f"  start: {TERM[0]}",
        f"  end: {TERM[1]}",
    ]
    if kind == "teaching":
        lines.append(
            f"profile: 现有本科专业{rng.randint(3, 8)}个，专任教师{rng.randint(40, 120)}人，"
            f"其中博士{rng.randint(10, 60)}人，在校生{rng.randint(800, 3000)}人。"
        )
    lines.append("members:")
    for name, post, principal in members:
        lines.append(f"  - name: {name}")
        lines.append(f"    post: {post}")
        lines.append(
            f"    duties: 主持{unit}{rng.choice(['全面工作', '党建工作', '教学工作', '科研工作', '学生工作'])}，分管{rng.choice(_OBJECTS)}"
        )
        if principal:
            lines.append(f"    principal: {principal}")
    lines.append("goals:")
    lines.append(
        f"  overall: 围绕学校中心工作，{unit}在任期内{rng.choice(_VERBS)}内涵建设，"
        "各项工作争创全校一流。"
    )
    if kind == "teaching":
        w.section("party_building", "党建工作目标", "DJ", list(_PARTY_TEACHING) + ["其他"], "party")
        w.section("teaching", "教学工作目标", "JX", list(_TEACHING) * 2, "teaching")
        w.section("research", "学科建设与科研工作目标", "KY", list(_RESEARCH), "research")
        lines.append("  # 师资队伍建设工作目标（重点突出博士引进和培养）")
        lines.append("  faculty:")
        w.quantitative("SZ", 1, "博士引进", "faculty")
        w.quantitative("SZ", 2, "博士培养", "faculty")
        w.quantitative("SZ", 3, "职称结构", "faculty")
        w.section("students", "学生工作目标", "XS", [None] * 4, "students")
        w.section(
            "cooperation",
            "校企合作及国际合作交流工作目标",
            "HZ",
            list(_COOPERATION) * 2,
            "cooperation",
        )
        w.section("social_service", "服务社会工作目标", "FW", [None] * 3, "service")
        w.section("other", "其他目标", "QT", [None] * 2, "office")
    else:
        w.section("party_building", "党建工作目标", "DJ", list(_PARTY_OFFICE), "party")
        w.section("business", "具体业务工作目标", "YW", [None] * 10, "office")
        w.section(
            "institutions", "管理制度建设目标", "ZD", [None] * 5, "office", quantitative_share=0.6
        )
        w.section("service_commitment", "服务教学中心工作承诺", "CN", [None] * 4, "office")
        lines.append("  # 其他目标")
        lines.append("  other: []")
    return "\n".join(lines) + "\n"


def write_books(folder: Path, n: int, *, seed: int = 0) -> list[Path]:
    """Write `n` valid synthetic task books into `folder`; their paths, in order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        kind = "office" if i % 3 == 2 else "teaching"
        names = _OFFICES if kind == "office" else _FACULTIES
        unit = f"{names[i % len(names)]}{i:04d}"
        path = folder / f"{unit}.yaml"
        path.write_text(book_text(kind, unit, rng), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    out = write_books(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10)
    print(f"{len(out)} books in {sys.argv[1]}")
