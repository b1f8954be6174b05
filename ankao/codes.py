"""Every diagnostic code ankao reports, described in Chinese: what `ankao rules` prints.

The rules of `ankao check` are registered in `ankao.rules.RULES` (code, default
severity, thresholds); this registry adds what a clerk reads about each code —
a short title, the clause of the school's 实施意见 it applies, what it asks, a
one-line example of a finding — and lists the codes that are not rules
(loading, schema, repository and file checks), so `ankao rules` documents
every code of SPEC §3 even before a rule for it is written. A test holds the
registry and `RULES` together.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ankao.model import Severity

FAMILIES: dict[str, str] = {
    "rule": "检查规则（ankao check）",
    "loading": "读取（ankao validate）",
    "schema": "格式（ankao validate）",
    "repository": "仓库（ankao check 整个仓库时）",
    "files": "文件",
    "procedure": "程序（ankao approve、status、diff、assess）",
    "other": "其他",
}
"""The kinds of codes, in the order `ankao rules` lists them, with their Chinese headings."""

SEVERITY_NAMES: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}
"""A severity as `ankao rules` and the text reports say it."""


@dataclass(frozen=True, slots=True)
class Code:
    """One diagnostic code: its kind, default severity and Chinese description."""

    code: str
    family: str
    severity: Severity
    title: str
    clause: str
    summary: str
    example: str
    detail: str = ""


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: tuple[Code, ...] = (
    # --- rules of `ankao check` ------------------------------------------------------------
    Code(
        "quantitative-share",
        "rule",
        E,
        "定量为主",
        "四(三)1",
        "定量目标（有量化指标的目标）须超过全部目标的一半",
        "taskbooks/文学院.yaml:12:1  错误  定量目标占比 40%（8/20 项），未达到“定量为主”（需超过 50%，至少还差 3 项）",
        "《实施意见》四(三)1 要求任期目标“坚持定量与定性相结合、定量为主的原则”。有量化指标（metric）的目标是定量目标；"
        "全书定量目标的占比须超过阈值 min_share（默认 0.5，即超过一半）。报告在 goals 处，并举出可以改写为定量目标的定性目标。",
    ),
    Code(
        "metric-incomplete",
        "rule",
        E,
        "量化指标不完整",
        "四(三)1、五(二)4",
        "量化指标要写明指标名称、计量单位、基数和目标值",
        "taskbooks/文学院.yaml:41:9  错误  目标“建设省级一流本科课程”的量化指标缺少基数：请补齐，届满考核要按基数和目标值计算完成程度",
        "任期考核以任务书为依据（五(二)4），定量目标要对照基数和目标值评估完成情况。草稿可以暂缺这些要素（格式校验允许），"
        "ankao check 提醒补齐：name（指标名称）、unit（计量单位）、baseline（基数）、target（目标值）。",
    ),
    Code(
        "metric-direction",
        "rule",
        E,
        "目标值方向",
        "四(三)1",
        "目标值与基数的大小关系要符合方向：提高须大于基数，降低须小于基数，保持须等于基数",
        "taskbooks/文学院.yaml:45:17  错误  方向为“提高”（increase），目标值 2 应大于基数 3：请改正目标值或基数",
        "direction 为 increase（默认）时目标值须大于基数，decrease 时须小于基数，maintain 时须等于基数；"
        "at_least（不低于）和 at_most（不高于）对基数没有要求。",
    ),
    Code(
        "milestones",
        "rule",
        E,
        "年度进度",
        "五(二)4",
        "年度进度的年份在任期内，数值不倒退，任期最后一年的进度等于目标值",
        "taskbooks/文学院.yaml:47:15  错误  2026 年的年度进度 3 比 2025 年的 4 倒退了（方向为“提高”，目标值 5）",
        "milestones 中的年份须在任期之内；每年的数值与前一年（第一年与基数）相比不能朝远离目标值的方向倒退（持平可以）；"
        "写了任期最后一年的，须与目标值相等。",
    ),
    Code(
        "criteria-missing",
        "rule",
        E,
        "缺少验收标准",
        "四(三)1、五(二)4",
        "定性目标（没有量化指标的目标）要写验收标准",
        "taskbooks/文学院.yaml:52:7  错误  定性目标“完成师范类专业二级认证”没有验收标准（criteria）：请写明完成的标志、时间或成果",
        "定性目标只能对照它的验收标准来考核（五(二)4：任期考核以任务书为依据）。criteria 写明完成的标志、时间或成果。",
    ),
    Code(
        "vague-wording",
        "rule",
        W,
        "空泛词语",
        "六(二)、五(二)4",
        "定性目标的验收标准不能只有“进一步、努力、力争、不断”等说法",
        "taskbooks/文学院.yaml:53:17  警告  验收标准“进一步加强课程思政建设”用了“进一步”等说法，却没有可检验的数字、日期、文件或数量",
        "验收标准只由“进一步、不断、努力、力争……”这类词构成，而没有数字、日期、文件或数量时，任期结束时无法考核。"
        "词表可在 ankao.yaml 的 rules: vague-wording: words: 中修改。",
    ),
    Code(
        "aspect-coverage",
        "rule",
        E,
        "覆盖各方面",
        "附件(一)2.2、附件(二)3.2—3.4",
        "党建、教学、学科建设与科研工作目标要覆盖文件列出的每个方面",
        "taskbooks/文学院.yaml:30:3  错误  “党建工作目标”缺少以下方面的目标：典型选树（附件(二)3.2列出的方面）：请为每个方面至少制定一个目标",
        "附件（一）2.2、附件（二）3.2 列出党建工作的各方面（政治思想建设、党风廉政建设、作风建设……），附件（二）3.3 列出教学工作的"
        "专业建设、课程建设、实验室建设、教学改革，3.4 列出学科建设与科研的各方面。每个方面至少要有一个目标（aspect 写该方面）。",
    ),
    Code(
        "phd-targets",
        "rule",
        E,
        "博士引进与培养",
        "附件(二)3.5",
        "教学单位的师资队伍建设目标要有“博士引进”和“博士培养”的定量目标",
        "taskbooks/文学院.yaml:88:3  错误  “师资队伍建设工作目标”没有“博士培养”的定量目标（附件(二)3.5：重点突出博士研究生引进和培养数量）",
        "附件（二）3.5：师资队伍建设工作目标“重点突出博士研究生引进和培养数量”。faculty 中要有方面为“博士引进”和“博士培养”、"
        "带量化指标（metric）的目标。",
    ),
    Code(
        "profile-length",
        "rule",
        E,
        "自然情况字数",
        "附件(二)1",
        "教学单位的“本单位自然情况”不超过 100 字",
        "taskbooks/文学院.yaml:5:10  错误  本单位自然情况有 126 字，超过 100 字（附件(二)1：100字之内）：请删减 26 字",
        "附件（二）1：本单位的自然情况（专业、学科、师资队伍等，100字之内）。字数不计空白；上限可在 ankao.yaml 的 "
        "rules: profile-length: max_chars: 中修改。",
    ),
    Code(
        "owner-not-member",
        "rule",
        E,
        "责任人不是班子成员",
        "附件(一)1、附件(二)2",
        "目标的责任人要是本届领导班子成员",
        "taskbooks/文学院.yaml:44:14  错误  责任人“赵某”不是本届领导班子成员（成员：张某、李某、王某）",
        "任期目标是领导班子的目标，每个目标由班子成员（members 中的姓名）负责；一人兼两职列两次也可以。",
    ),
    Code(
        "duplicate-id",
        "rule",
        E,
        "编号重复",
        "四(三)2",
        "目标编号在任务书内唯一（报告在后出现的一个，并指出前一个的行号）",
        "taskbooks/文学院.yaml:60:11  错误  编号“JX-02”与第 48 行的目标重复：编号在任务书内必须唯一",
        "审核意见靠目标编号定位（四(三)2 审核评议），一个编号只能指一个目标。修订时不要改动已有编号。",
    ),
    Code(
        "term-mismatch",
        "rule",
        E,
        "任期不一致",
        "四(四)",
        "任务书的任期与 ankao.yaml 规定的任期一致（ankao.yaml 写了 term 时）",
        "taskbooks/文学院.yaml:4:7  错误  任期 2024—2026 年与 ankao.yaml 规定的任期 2024—2027 年不一致：请改为 start: 2024, end: 2027",
        "学校与各单位签署的是同一任期的任务书（四(四)）。ankao.yaml 没有写 term 时不检查。",
    ),
    Code(
        "section-empty",
        "rule",
        E,
        "部分为空",
        "附件(一)2、附件(二)3",
        "除“其他目标”外，每个部分至少有一个目标",
        "taskbooks/图书馆.yaml:40:3  错误  “管理制度建设目标”还没有任何目标（附件(一)2.4）",
        "附件列出任务书要制定目标的各部分，只有“其他目标”可以空着。一个部分为空时只报告这一条，"
        "不再对同一部分报告 aspect-coverage 或 phd-targets。",
    ),
    Code(
        "actuals-year",
        "rule",
        E,
        "完成情况年份不在任期内",
        "五(二)",
        "年度完成情况（actuals）只能填写任期内的年份",
        "taskbooks/文学院.yaml:120:19  错误  年度完成情况的年份 2030 不在任期（2026—2029 年）内：请改正年份或删除这一项",
    ),
    Code(
        "placeholder",
        "rule",
        E,
        "模板占位文字",
        "四(四)",
        "任务书中不能留有 ankao new 模板的占位文字（如“待填写”）",
        "taskbooks/文学院.yaml:16:10  错误  本单位自然情况仍是模板的占位文字“待填写：本单位专业、学科、师资队伍等基本……”：请填写实际内容",
        "ankao new 生成的模板用“待填写……”标出要填的地方；留着它们的任务书会被打印、签字。ankao.yaml 中学校名称仍是占位文字时为警告。",
    ),
    Code(
        "cjk-line-join",
        "rule",
        W,
        "中文换行多出空格",
        "附件",
        "用 > 或不加引号写成多行的中文，在换行处会被 YAML 连上一个空格",
        "taskbooks/文学院.yaml:20:12  警告  这段文字分几行写，YAML 会在两个汉字之间的换行处插入一个空格（这里读作“思想为指导， 落实立德树人”）：请写在一行里，或用“|”开头的多行块",
        "YAML 把 > 块和不加引号的多行文字在换行处连成一个空格，中文中间就多出空格，生成的 Word 文档里也会有。"
        "请把这段文字写在一行里，或改用 | 开头的多行块。报告在这段文字的第一行；数据仍按 YAML 的读法。",
    ),
    Code(
        "behind-milestone",
        "rule",
        W,
        "进度落后",
        "五(二)4",
        "年度完成情况（actuals）落后于该年的年度进度",
        "taskbooks/文学院.yaml:49:15  警告  2025 年完成 2，低于该年的年度进度 3（目标值 5）",
        "任期考核以任务书为依据（五(二)4）。填写了 actuals 的定量目标，某年的完成数值没有达到该年的年度进度（milestones）时提醒。",
    ),
    # --- loading ---------------------------------------------------------------------------
    Code(
        "yaml-syntax",
        "loading",
        E,
        "YAML 语法错误",
        "",
        "文件不是合法的 YAML：缩进不齐、引号没有闭合、用了 Tab 缩进等",
        "taskbooks/文学院.yaml:18:16  错误  引号没有闭合：从这里开始的引号一直到文件末尾都没有找到配对的结束引号",
        "没有闭合的引号报告在引号开始的地方。其余部分仍尽量检查。",
    ),
    Code(
        "merge-conflict",
        "loading",
        E,
        "未解决的合并冲突",
        "",
        "文件中留有 git 合并冲突的标记（<<<<<<<、=======、>>>>>>>）：冲突还没有解决",
        "taskbooks/文学院.yaml:12:1  错误  有未解决的 git 合并冲突（从第 12 行的“<<<<<<< HEAD”开始）：请保留应有的内容，删去冲突标记",
    ),
    Code(
        "duplicate-key",
        "loading",
        E,
        "键重复",
        "",
        "同一层中同一个键写了两次（YAML 只保留后一个值，前面的内容会丢失）",
        "taskbooks/文学院.yaml:4:1  错误  键“unit”重复：第 3 行已经写过一次。YAML 只保留最后一个值，前面的内容会丢失",
    ),
    Code(
        "encoding",
        "loading",
        E,
        "不是 UTF-8 编码",
        "",
        "文件要用 UTF-8 编码保存；会说明它看起来是哪种编码（如 GBK）以及如何另存为 UTF-8",
        "taskbooks/文学院.yaml:3:7  错误  文件不是 UTF-8 编码，看起来是 GBK 编码（Windows 中文版常见）",
    ),
    Code(
        "fullwidth-punctuation",
        "loading",
        E,
        "全角标点",
        "",
        "YAML 需要半角冒号或空格的地方用了全角“：”或全角空格（中文输入法最常见的错误）",
        "taskbooks/文学院.yaml:3:5  错误  “unit”后面的“：”是全角冒号；YAML 只认半角冒号，请改为“unit: ”",
    ),
    Code(
        "too-large",
        "loading",
        E,
        "文件过大",
        "",
        "文件超过大小上限（默认 1 MiB，可在 ankao.yaml 的 limits.max_file_size 中调高），未读取",
        "taskbooks/文学院.yaml:1:1  错误  文件有 4 KiB，超过上限 2 KiB，未读取",
    ),
    Code(
        "alias-bomb",
        "loading",
        E,
        "别名炸弹",
        "",
        "别名（*引用）层层展开后过大，拒绝展开",
        "taskbooks/文学院.yaml:1:5  错误  别名（*引用）展开后将有约 12,345,679,021 个节点，疑似“别名炸弹”，已拒绝展开",
    ),
    Code(
        "control-character",
        "loading",
        W,
        "控制字符",
        "",
        "文字中有 Word 无法保存的控制字符，已去掉",
        "taskbooks/文学院.yaml:12:20  警告  文字中有一个控制字符（U+0008），Word 文档无法保存它，已去掉",
    ),
    # --- schema ----------------------------------------------------------------------------
    Code(
        "schema",
        "schema",
        E,
        "格式不符",
        "",
        "文件内容不符合格式规范：缺少必填的键、键名写错、值的类型不对、不是可选的值等（见 docs/）",
        "taskbooks/文学院.yaml:41:9  错误  教学工作目标 › 第2项 › 量化指标 › 目标值：应为数字，实际是“十个”；请用阿拉伯数字",
    ),
    # --- repository ------------------------------------------------------------------------
    Code(
        "duplicate-unit",
        "repository",
        E,
        "单位重复",
        "",
        "两本任务书写了同一个 unit",
        "taskbooks/文学院2.yaml:3:7  错误  单位“文学院”已有任务书 taskbooks/文学院.yaml；每个单位只能有一本任务书",
    ),
    Code(
        "unit-kind",
        "repository",
        E,
        "单位类别不一致",
        "",
        "任务书的类别（kind）与 ankao.yaml 的 units 中为该单位写的类别不同",
        "taskbooks/图书馆.yaml:2:7  错误  类别是 office（机关、教学辅助机构），而 ankao.yaml 的 units 中“图书馆”是 teaching（教学单位）：请改正其中一处",
    ),
    Code(
        "unit-not-listed",
        "repository",
        W,
        "单位不在名单中",
        "",
        "ankao.yaml 写了应提交任务书的单位名单（units），而任务书的单位不在其中（多半是名称写得不一样）",
        "taskbooks/马克思主义学院.yaml:8:7  警告  单位“马克思主义学院(思政部)”不在 ankao.yaml 的 units 中；是不是“马克思主义学院（思政部）”？",
    ),
    Code(
        "unknown-ref",
        "repository",
        E,
        "意见无处对应",
        "四(三)2",
        "审核意见针对的目标编号或部分在任务书中不存在（可能已改名或删除）",
        "reviews/文学院/r1-教务处.yaml:9:10  错误  任务书中已没有编号为“JX-09”的目标（可能已改名或删除），这条意见无处对应",
    ),
    Code(
        "unknown-comment",
        "repository",
        E,
        "答复无处对应",
        "",
        "单位答复的意见编号在这一轮的审核意见中不存在",
        "reviews/文学院/r1-response.yaml:8:9  错误  第 1 轮没有编号为“教务处-9”的审核意见，这条答复无处对应",
    ),
    Code(
        "duplicate-comment-id",
        "repository",
        E,
        "意见编号重复",
        "",
        "同一轮中两条审核意见用了同一个编号",
        "reviews/文学院/r1-人事处.yaml:8:9  错误  意见编号“教务处-1”在第 1 轮中重复，与 reviews/文学院/r1-教务处.yaml:8 的意见编号相同",
    ),
    Code(
        "response-without-review",
        "repository",
        E,
        "答复没有对应的审核意见",
        "",
        "某一轮有单位答复文件，却没有任何审核部门的意见文件（多半是轮次写错了）",
        "reviews/文学院/r2-response.yaml:1:1  错误  第 2 轮没有任何审核意见文件（r2-<审核部门>.yaml），这份答复无处对应：请检查轮次是否写错",
    ),
    Code(
        "review-round-gap",
        "repository",
        W,
        "审核轮次不连续",
        "",
        "审核意见跳过了某一轮（例如有第 1 轮和第 3 轮，没有第 2 轮）",
        "reviews/文学院/r3-教务处.yaml:1:1  警告  审核意见跳过了第 2 轮：第 3 轮之前应有第 2 轮；请检查文件名中的轮次（r<轮次>-…）",
    ),
    Code(
        "unknown-unit",
        "repository",
        W,
        "未知单位",
        "",
        "考核结果、审核意见中的单位既没有任务书，也不在 ankao.yaml 的 units 中（可能写错了名称）",
        "grades/2025.yaml:9:3  警告  单位“文学员”既没有任务书，也不在 ankao.yaml 的 units 中；是不是“文学院”？",
    ),
    # --- files -----------------------------------------------------------------------------
    Code(
        "not-a-file",
        "files",
        E,
        "不是文件",
        "",
        "应当是文件的地方是文件夹、管道或设备",
        "taskbooks/文学院.yaml:1:1  错误  这不是普通文件（是一个文件夹），没有检查",
    ),
    Code(
        "outside-repository",
        "files",
        E,
        "在仓库之外",
        "",
        "路径（如符号链接）指向任务书仓库之外",
        "taskbooks/外面.yaml:1:1  错误  这个路径指向任务书仓库之外，没有检查",
    ),
    Code(
        "unreadable",
        "files",
        E,
        "无法读取",
        "",
        "文件或文件夹无法读取（如没有权限）",
        "taskbooks/文学院.yaml:1:1  错误  无法读取：权限不够",
    ),
    Code(
        "cell-too-long",
        "files",
        W,
        "单元格文字过长",
        "",
        "一段文字超过 Excel 每个单元格 32,767 个字符的上限：写入表格时截去超出的部分，并在单元格中注明",
        "summary.xlsx:1:1  警告  有 1 个单元格的文字超过 Excel 的上限 32,767 个字符，已截断并在单元格末尾注明",
    ),
    # --- other codes in use ----------------------------------------------------------------
    Code(
        "file-name",
        "other",
        W,
        "文件名不合规定",
        "",
        "reviews/ 中的文件应命名为 r<轮次>-<审核部门>.yaml 或 r<轮次>-response.yaml",
        "reviews/文学院/教务处意见.yaml:1:1  警告  审核意见文件应命名为 r<轮次>-<审核部门>.yaml；这个文件没有检查",
    ),
    Code(
        "review-unit",
        "other",
        E,
        "单位与文件夹不符",
        "",
        "审核意见或答复中的单位与所在文件夹 reviews/<单位>/ 不一致",
        "reviews/文学院/r1-教务处.yaml:3:7  错误  单位名称“外国语学院”与文件所在的文件夹 reviews/文学院/ 不一致",
    ),
    Code(
        "review-round",
        "other",
        E,
        "轮次与文件名不符",
        "",
        "审核意见或答复中的轮次与文件名 r<轮次>-… 不一致",
        "reviews/文学院/r1-教务处.yaml:4:8  错误  轮次 2 与文件名 r1-教务处.yaml 的轮次 1 不一致",
    ),
    Code(
        "review-reviewer",
        "other",
        E,
        "审核部门与文件名不符",
        "",
        "审核意见中的审核部门与文件名 r<轮次>-<审核部门>.yaml 不一致",
        "reviews/文学院/r1-教务处.yaml:5:11  错误  审核部门“人事处”与文件名 r1-教务处.yaml 中的审核部门“教务处”不一致",
    ),
    Code(
        "year-mismatch",
        "other",
        W,
        "年度与文件名不符",
        "",
        "考核结果文件中的年度与文件名 <年度>.yaml 不一致",
        "grades/2025.yaml:5:7  警告  文件名是 2025 年，文件中的年度却是 2024；请确认年度，或把文件改名为 2024.yaml",
    ),
    Code(
        "duplicate-year",
        "other",
        E,
        "年度重复",
        "",
        "两个考核结果文件给出了同一年度",
        "grades/2025-补.yaml:5:7  错误  年度 2025 已由 grades/2025.yaml（第 5 行）给出；同一年度只能有一个考核结果文件",
    ),
    Code(
        "grade-rule",
        "other",
        E,
        "结果运用规则有误",
        "五(三)2",
        "ankao.yaml 中 grades 的结果运用规则引用了不存在的等次或结论类型等",
        "ankao.yaml:20:17  错误  结果运用规则 reward 的条件用了等次“特优”，它不在 grades.scale 中",
    ),
    Code(
        "import-empty",
        "other",
        W,
        "空批注",
        "",
        "ankao comments import 跳过了没有文字的 Word 批注",
        "文学院-教务处.docx:1:1  警告  跳过了 2 条没有文字的批注",
    ),
    Code(
        "duplicate-review-file",
        "repository",
        E,
        "同一轮同一部门有两个文件",
        "",
        "同一轮、同一审核部门（或单位答复）既有 .yaml 又有 .yml 文件；只读取 .yaml",
        "reviews/文学院/r1-教务处.yml:1:1  错误  r1-教务处.yml 与 r1-教务处.yaml 都是第 1 轮审核部门“教务处”的审核意见；每轮每个部门只能有一个文件，只读取了 r1-教务处.yaml，没有读取 r1-教务处.yml。请把两者合并为一个文件",
    ),
    Code(
        "invisible-character",
        "loading",
        E,
        "名称中有看不见的字符",
        "",
        "单位或部门名称中有零宽字符或改变文字方向的控制字符，看起来一样的名称其实不同",
        "grades/2025.yaml:8:3  错误  单位名称“文学院”中有看不见的字符（U+200B 零宽空格）：请删去后重新输入",
    ),
    Code(
        "too-many-findings",
        "loading",
        E,
        "问题太多，未全部列出",
        "",
        "一个文件的问题超过 200 个时，其余的合并为一条，只说还有多少个",
        "taskbooks/文学院.yaml:1:1  错误  还有 39800 个问题未列出：请先改正上面列出的问题",
    ),
    Code(
        "import-truncated",
        "other",
        W,
        "批注过长已截断",
        "",
        "Word 批注的文字超过 20000 字（或所批注的原文超过 2000 字）时截断导入",
        "reviews/文学院/r1-教务处.yaml:9:11  警告  批注有 400000 字，超过 20000 字，只导入了前 20000 字",
    ),
    Code(
        "output-protected",
        "other",
        E,
        "文档有批注或已被修改",
        "",
        "render 不覆盖含有批注、生成后被修改过或不是 ankao 生成的同名文档（加 --force 才覆盖）",
        "out/文学院-任期目标任务书.docx:1:1  错误  这份文档中有审核人的批注，没有覆盖；确需重新生成请加 --force（批注会丢失）",
    ),
    Code(
        "import-stale",
        "other",
        W,
        "文档生成后任务书已修改",
        "",
        "导入批注的文档是由任务书的旧版本生成的：照常导入，并列出此后有变化的目标",
        "文学院-批注.docx:1:1  警告  文学院-批注.docx 生成后，“文学院”的任务书已经修改（文件记录的指纹与当前任务书不同）；此后有变化的目标——内容有变化：JX-03。请核对这些目标上的批注是否仍然适用",
    ),
    Code(
        "stage-order",
        "procedure",
        E,
        "环节顺序不对",
        "四(三)",
        "ankao approve 记录的环节不是下一个应有的环节（跳过、重复或倒序）",
        "approvals/文学院.yaml:12:5  错误  环节顺序不对：“办公室审核”不能紧接在“报领导小组办公室”之后；下一个环节应是“第1轮审核”（reviewed）",
    ),
    Code(
        "stage-round",
        "procedure",
        E,
        "审核轮次不对",
        "四(三)2",
        "审核（reviewed）的轮次应是下一轮，修改（revised）属于它之前那次审核的轮次；其他环节没有轮次",
        "approvals/文学院.yaml:12:5  错误  第3轮审核的轮次不对：下一轮应是第 2 轮",
    ),
    Code(
        "stage-date",
        "procedure",
        E,
        "日期早于上一环节",
        "四(三)",
        "环节的日期不能早于上一个已记录环节的日期",
        "approvals/文学院.yaml:12:5  错误  日期 2024-03-01 早于上一环节“报领导小组办公室”的日期 2024-03-05",
    ),
    Code(
        "book-errors",
        "procedure",
        E,
        "任务书未通过检查",
        "四(三)",
        "任务书没有通过 ankao check 时不能记录审批环节",
        "taskbooks/文学院.yaml:1:1  错误  任务书 taskbooks/文学院.yaml 有 2 个错误，没有通过 ankao check，不能记录这一环节；请先修正（ankao check taskbooks/文学院.yaml）",
    ),
    Code(
        "approval-invalid",
        "procedure",
        E,
        "程序记录文件有错误",
        "四(三)",
        "程序记录文件本身读不了或格式不对时，不在其后追加",
        "approvals/文学院.yaml:1:1  错误  approvals/文学院.yaml 本身有错误，无法在其后追加；请先修正（ankao validate approvals/文学院.yaml）",
    ),
    Code(
        "approval-unit",
        "procedure",
        E,
        "程序记录的单位不符",
        "四(三)",
        "程序记录文件中的单位与要记录的单位不同",
        "approvals/文学院.yaml:1:7  错误  approvals/文学院.yaml 记录的单位是“文学员”，不是“文学院”",
    ),
    Code(
        "changed-after-approval",
        "procedure",
        W,
        "审批后任务书又有改动",
        "四(四)",
        "任务书的指纹与最近一次审批环节记下的不同：审批之后任务书又被改过",
        "approvals/教务处.yaml:28:18  警告  任务书 taskbooks/教务处.yaml 在“办公室审核”（2024-05-08）之后又被改动过：它的指纹与该环节记下的不同。请核对改动（ankao diff），需要时重新履行审核程序",
    ),
    Code(
        "revision-unchanged",
        "procedure",
        W,
        "修改环节但任务书未变",
        "四(三)3",
        "ankao approve 记录“修改”（revised）时，任务书与上一环节时相同，没有任何改动",
        "approvals/文学院.yaml:1:1  警告  记录了“修改”，但任务书 taskbooks/文学院.yaml 与“第1轮审核”（2024-04-19）时相同，没有任何改动：请核对单位是否已按审核意见修改（ankao diff）",
    ),
    Code(
        "not-acted-on",
        "procedure",
        W,
        "答复采纳却未修改",
        "四(三)2",
        "单位答复“采纳”或“部分采纳”的审核意见，所针对的目标（或部分）却没有任何改动（ankao diff --round）",
        "reviews/文学院/r1-response.yaml:5:7  警告  答复“采纳”了意见 教务处-1（JX-03），但 JX-03 没有任何改动",
    ),
    Code(
        "no-actuals",
        "procedure",
        INFO,
        "没有年度完成情况",
        "五(二)",
        "任务书还没有填写任何年度完成情况（actuals）：各目标均为无数据，不算错误",
        "taskbooks/文学院.yaml:8:7  提示  任务书还没有填写年度完成情况（actuals），各目标均为“无数据”",
    ),
    Code(
        "import-anchor",
        "other",
        W,
        "批注位置不明",
        "",
        "Word 批注所标注的位置无法对应到某个目标或部分，按总体意见导入",
        "reviews/文学院/r1-教务处.yaml:9:10  警告  这条批注不在任何目标的表格行中，已按总体意见（general）导入",
    ),
    Code(
        "import-reviewer",
        "other",
        W,
        "审核部门不在名单中",
        "",
        "导入时给出的审核部门不在 ankao.yaml 的 reviewers 中",
        "reviews/文学院/r1-教物处.yaml:5:11  警告  “教物处”不在 ankao.yaml 的审核部门（reviewers）中，请核对名称",
    ),
    Code(
        "packet-skipped",
        "other",
        W,
        "未列入审核材料",
        "",
        "有读取或格式错误的任务书没有列入 ankao comments packets 生成的审核材料",
        "taskbooks/文学院.yaml:1:1  警告  任务书有读取或格式错误，没有列入审核材料；请先运行 ankao validate 修正",
    ),
)
"""Every code, grouped by family; the rule codes in the order of `ankao.rules.RULES` where they exist."""

BY_CODE: dict[str, Code] = {c.code: c for c in CODES}


@dataclass(frozen=True, slots=True)
class Entry:
    """A code as `ankao rules` shows it: the registry's text, the rule's severity and thresholds."""

    code: Code
    severity: Severity
    options: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `ankao rules --format json`."""
        c = self.code
        return {
            "code": c.code,
            "family": c.family,
            "severity": self.severity.value,
            "title": c.title,
            "clause": c.clause,
            "summary": c.summary,
            "example": c.example,
            "detail": c.detail or c.summary,
            "options": self.options,
        }


def catalogue() -> list[Entry]:
    """Every code: the rules of `RULES` (their severity and thresholds), then the registry's others."""
    from ankao.rules import RULES

    entries: list[Entry] = []
    registered = {r.code for r in RULES}
    for r in RULES:
        code = BY_CODE.get(r.code) or Code(
            r.code, "rule", r.severity, r.code, "", r.doc.split("\n")[0], ""
        )
        entries.append(Entry(code, r.severity, dict(r.options)))
    order = list(FAMILIES)
    for c in sorted(CODES, key=lambda c: order.index(c.family)):
        if c.code not in registered:
            entries.append(Entry(c, c.severity, {}))
    return entries


def lookup(code: str) -> Entry:
    """One code's entry; an `AnkaoError` naming the nearest codes when there is no such code."""
    from ankao.model import AnkaoError

    entries = {e.code.code: e for e in catalogue()}
    if code in entries:
        return entries[code]
    close = difflib.get_close_matches(code, list(entries), n=3, cutoff=0.5)
    hint = f"；您是不是要输入 {' 或 '.join(close)}？" if close else ""
    raise AnkaoError(f"没有这个代码：{code}{hint}（ankao rules 列出全部代码）")
