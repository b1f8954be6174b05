#!/usr/bin/env bash
# Screenshots of a filled form for docs/forms.md: the examples' 文学院 forms, filled as a unit
# would, printed by LibreOffice and turned into PNG pages (needs soffice and pdftoppm).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$HERE/examples" "$WORK/repo"
cd "$WORK/repo"
A="$HERE/.venv/bin"
$A/ankao form 文学院 -o 文学院-任务书.xlsx >/dev/null
$A/ankao form 文学院 --actuals 2026 -o 文学院-2026年完成情况.xlsx >/dev/null
$A/python - <<'PY'
import openpyxl

wb = openpyxl.load_workbook("文学院-2026年完成情况.xlsx")
ws = wb["完成情况"]
for row in range(4, 12):
    if ws.cell(row=row, column=4).value:  # quantitative: its 完成值 is the year's expected value
        ws.cell(row=row, column=9).value = ws.cell(row=row, column=8).value
    else:
        ws.cell(row=row, column=10).value = "完成"
        ws.cell(row=row, column=11).value = "已按计划完成"
wb.save("文学院-2026年完成情况.xlsx")
wb = openpyxl.load_workbook("文学院-任务书.xlsx")
ws = wb["党建工作目标"]
r = next(r for r in range(4, ws.max_row) if ws.cell(row=r, column=1).value is None)
new = ["DJ-08", "党员作用发挥", "建设党员示范岗", "党员示范岗数", "个", 2, 6, "提高", 3, 4, 5, 6, None, "张某"]
for c, v in zip("ABCDEFGHIJKLMN", new):
    ws[f"{c}{r}"] = v
wb.save("文学院-任务书.xlsx")
PY
for f in *.xlsx; do
  FONTCONFIG_FILE="$HERE/tools/fonts.conf" soffice -env:UserInstallation="file://$WORK/.soffice" \
    --headless --convert-to pdf "$f" >/dev/null 2>&1
done
pdftoppm -png -r 80 -f 1 -l 4 文学院-任务书.pdf tb
pdftoppm -png -r 80 -f 2 -l 2 文学院-2026年完成情况.pdf ac
D="$HERE/docs/forms"
mkdir -p "$D"
cp tb-01.png "$D/填写说明.png"
cp tb-02.png "$D/基本情况.png"
cp tb-03.png "$D/班子成员.png"
cp tb-04.png "$D/党建工作目标.png"
cp ac-2.png "$D/完成情况.png"
ls "$D"
