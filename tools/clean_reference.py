"""The last step of tools/make_reference.py: the package as Word itself would write it.

python-docx builds the styles on its own default template, which brings what a
document of ankao has no use for and what makes Word open it in 兼容模式 or repair
it. `clean_package` rewrites the saved package, part by part, with the standard
library and lxml only:

- children of every `w:pPr`, `w:rPr` and `w:style` in the order ECMA-376 prescribes
  (Word drops or repairs elements out of order; LibreOffice does not mind);
- settings.xml written anew: compatibilityMode 15, themeFontLang zh-CN, the even/odd
  footers, no rsids, no shared `w14:docId`;
- a Chinese theme (East Asian theme fonts that exist on every Chinese Windows);
- fontTable.xml declaring each font with the fallback a standard Windows or WPS has
  (仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体);
- the template's leftovers gone: the bibliography customXml item, numbering.xml,
  webSettings.xml, rsids, the Letter-size tab stops of Header/Footer;
- docProps/app.xml naming ankao as the application.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ECMA-376 Part 1, 17.3.1.26 (CT_PPrBase + rPr/sectPr/pPrChange), 17.3.2.28 (CT_RPr),
# 17.7.4.17 (CT_Style): the order of the children.
P_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
R_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
STYLE_ORDER = [
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
]
ORDERS = {q("pPr"): P_ORDER, q("rPr"): R_ORDER, q("style"): STYLE_ORDER}

FANGSONG, KAITI, XIAOBIAOSONG = "仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"
# name, fallback on a standard Windows 10/11 or WPS install, panose, family, pitch, charset
FONTS = (
    ("Times New Roman", None, "02020603050405020304", "roman", "variable", "00"),
    (FANGSONG, "仿宋", "02010609030101010101", "modern", "fixed", "86"),
    ("仿宋", None, "02010609060101010101", "modern", "fixed", "86"),
    (KAITI, "楷体", "02010609030101010101", "modern", "fixed", "86"),
    ("楷体", None, "02010609060101010101", "modern", "fixed", "86"),
    ("黑体", None, "02010609060101010101", "modern", "fixed", "86"),
    ("宋体", None, "02010600030101010101", "auto", "variable", "86"),
    (XIAOBIAOSONG, "宋体", "02000000000000000000", "auto", "variable", "86"),
)

SETTINGS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<w:settings xmlns:w="{W}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
    '<w:characterSpacingControl w:val="compressPunctuation"/>'
    "<w:compat>"
    + "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{val}"/>'
        for name, val in (
            ("compatibilityMode", "15"),
            ("overrideTableStyleFontSizeAndJustification", "1"),
            ("enableOpenTypeFeatures", "1"),
            ("doNotFlipMirrorIndents", "1"),
            ("differentiateMultirowTableHeaders", "1"),
        )
    )
    + "</w:compat>"
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" '
    'w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
    'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
    'w:followedHyperlink="followedHyperlink"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

FONT_SCHEME = (
    '<a:fontScheme name="中文公文">'
    '<a:majorFont><a:latin typeface="Times New Roman"/><a:ea typeface="黑体"/><a:cs typeface=""/>'
    '<a:font script="Hans" typeface="黑体"/></a:majorFont>'
    '<a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface="宋体"/><a:cs typeface=""/>'
    '<a:font script="Hans" typeface="宋体"/></a:minorFont>'
    "</a:fontScheme>"
)

APP = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>ankao</Application><DocSecurity>0</DocSecurity></Properties>"
)

DROPPED = re.compile(
    r"^(customXml/|word/numbering\.xml|word/webSettings\.xml|word/_rels/webSettings)"
)


def clean_package(data: bytes) -> bytes:
    """The package python-docx saved, cleaned as the module docstring says."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
    parts = {n: b for n, b in parts.items() if not DROPPED.match(n)}
    parts["[Content_Types].xml"] = _types(parts["[Content_Types].xml"], parts)
    parts["word/_rels/document.xml.rels"] = _rels(parts["word/_rels/document.xml.rels"], parts)
    parts["_rels/.rels"] = _rels(parts["_rels/.rels"], parts, folder="")
    parts["word/settings.xml"] = SETTINGS.encode()
    parts["word/styles.xml"] = _styles(parts["word/styles.xml"])
    parts["word/fontTable.xml"] = _font_table()
    parts["word/theme/theme1.xml"] = _theme(parts["word/theme/theme1.xml"])
    parts["docProps/app.xml"] = APP.encode()
    for name in [n for n in parts if re.match(r"word/(document|footer\d+|header\d+)\.xml$", n)]:
        parts[name] = _ordered(_strip_rsids(parts[name]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        first = ["[Content_Types].xml", "_rels/.rels"]
        for name in [*first, *sorted(n for n in parts if n not in first)]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, parts[name])
    return out.getvalue()


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _types(xml: bytes, parts: dict[str, bytes]) -> bytes:
    root = etree.fromstring(xml)
    for el in list(root):
        name = el.get("PartName")
        if name is not None and name.lstrip("/") not in parts:
            root.remove(el)
    return _xml(root)


def _rels(xml: bytes, parts: dict[str, bytes], folder: str = "word/") -> bytes:
    root = etree.fromstring(xml)
    for rel in list(root):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else _join(folder, target)
        if path not in parts:
            root.remove(rel)
    return _xml(root)


def _join(folder: str, target: str) -> str:
    segments = (folder + target).split("/")
    out: list[str] = []
    for seg in segments:
        if seg == "..":
            if out:
                out.pop()
        elif seg and seg != ".":
            out.append(seg)
    return "/".join(out)


def _strip_rsids(xml: bytes) -> bytes:
    return re.sub(rb'\s+w:rsid\w*="[0-9A-Fa-f]+"', b"", xml)


def _ordered(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for el in root.iter(*ORDERS):
        order = ORDERS[el.tag]
        rank = {q(name): i for i, name in enumerate(order)}
        children = list(el)
        children.sort(key=lambda c: rank.get(c.tag, len(order)))
        for child in children:
            el.append(child)
    return _xml(root)


def _styles(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for rsid in root.iter(q("rsid")):
        rsid.getparent().remove(rsid)
    for style in root.iter(q("style")):
        if style.get(q("styleId")) in ("Header", "Footer"):
            for tabs in style.iter(q("tabs")):
                tabs.getparent().remove(tabs)
    return _ordered(_xml(root))


def _font_table() -> bytes:
    out = [
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n",
        f'<w:fonts xmlns:w="{W}">',
    ]
    for name, alt, panose, family, pitch, charset in FONTS:
        out.append(f'<w:font w:name="{name}">')
        if alt:
            out.append(f'<w:altName w:val="{alt}"/>')
        out.append(
            f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )
    out.append("</w:fonts>")
    return "".join(out).encode()


def _theme(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(r"<a:fontScheme\b.*?</a:fontScheme>", FONT_SCHEME, text, flags=re.S)
    text = text.replace('name="Office Theme"', 'name="ankao 公文"', 1)
    return text.encode("utf-8")
