"""The bulletin as .docx in the layout of GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 2号 (22 pt) 方正小标宋简体;
body 3号 (16 pt) 仿宋_GB2312 at a fixed 28 pt line pitch with a two-character first-line
indent; 一、 headings 黑体, （一） headings 楷体_GB2312; page numbers "— 1 —" in 4号 (14 pt)
宋体, odd pages right and even pages left, one character in; the issuing office and the date
at the end. Every run names its East Asian font (`w:eastAsia`): Word and WPS on government PCs
otherwise fall back to the theme's font. The annex table is written as XML in one piece,
which is much faster than python-docx's cell-by-cell API for a 2,000-unit roster.

An office letterhead may replace the built-in layout: a .docx holding the placeholders
{{标题}}, {{期号}}, {{正文}} (a paragraph of its own), {{发文机关}}, {{日期}} and optionally
{{附件}} (a paragraph of its own; else the annex follows the body).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from baolian.oversight.documents import BulletinDocument

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(10.5)  # 五号: eleven columns fit a landscape page
LINE_PITCH = Pt(28)  # 22 lines of 3号 on the type area
TITLE_PITCH = Pt(35)
INDENT = Pt(32)  # two characters of 3号

MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}


def set_fonts(run_or_style_element: object, font: str) -> None:
    """Name the font for Latin and East Asian text on a run's (or style's) rPr."""
    rpr = run_or_style_element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def add_run(paragraph: Paragraph, text: str, font: str, size: Pt, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    set_fonts(run._r, font)
    run.font.size = size
    if bold:
        run.font.bold = True


def _format(
    paragraph: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: Pt | None = INDENT,
    pitch: Pt = LINE_PITCH,
    right_indent: Pt | None = None,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = pitch
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = indent if indent is not None else Pt(0)
    if right_indent is not None:
        fmt.right_indent = right_indent
    if align is not None:
        paragraph.alignment = align


def _setup_page(section: object, *, landscape: bool = False) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)  # type: ignore[attr-defined]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
        section.page_width, section.page_height = Mm(297), Mm(210)  # type: ignore[attr-defined]
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.footer_distance = Mm(28)  # type: ignore[attr-defined]  # 7 mm below the type area


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """— 1 — in 4号 宋体; odd pages right, even pages left, one character from the edge."""
    _format(
        paragraph,
        align=WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT,
        indent=Pt(0),
        pitch=Pt(20),
        right_indent=PAGE_NUMBER_SIZE if odd else None,
    )
    if not odd:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    add_run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    field = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:rPr>'
        f'<w:rFonts w:ascii="{PAGE_NUMBER_FONT}" w:hAnsi="{PAGE_NUMBER_FONT}" '
        f'w:eastAsia="{PAGE_NUMBER_FONT}" w:cs="{PAGE_NUMBER_FONT}"/>'
        f'<w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'
    )
    paragraph._p.append(field)
    add_run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _styles(document: object) -> None:
    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.size = BODY_SIZE
    set_fonts(normal.element, BODY_FONT)


def _body(document: object, doc: BulletinDocument, anchor: Paragraph | None = None) -> None:
    """The blocks, appended to `document` or inserted before `anchor`."""

    def paragraph() -> Paragraph:
        if anchor is not None:
            return anchor.insert_paragraph_before()
        return document.add_paragraph()  # type: ignore[attr-defined]

    for block in doc.blocks:
        p = paragraph()
        _format(p)
        if block.kind == "heading":
            add_run(p, block.text, HEADING_FONT, BODY_SIZE)
        elif block.kind == "subheading":
            add_run(p, block.text, SUBHEADING_FONT, BODY_SIZE)
        elif block.kind == "lead":
            add_run(p, block.lead, SUBHEADING_FONT, BODY_SIZE)
            add_run(p, block.text, BODY_FONT, BODY_SIZE)
        else:
            add_run(p, block.text, BODY_FONT, BODY_SIZE)


def _ending(document: object, doc: BulletinDocument) -> None:
    """Two blank lines, then the issuing office and the date, four characters from the right."""
    for _ in range(2):
        _format(document.add_paragraph())  # type: ignore[attr-defined]
    for text in (doc.issuer, doc.issued_text):
        p = document.add_paragraph()  # type: ignore[attr-defined]
        _format(p, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0), right_indent=INDENT * 2)
        add_run(p, text, BODY_FONT, BODY_SIZE)


def _table_xml(headers: list[str], rows: list[list[str]]) -> str:
    fonts = (
        f'<w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" '
        f'w:eastAsia="{BODY_FONT}" w:cs="{BODY_FONT}"/>'
    )
    head_fonts = fonts.replace(BODY_FONT, HEADING_FONT)
    size = int(TABLE_SIZE.pt * 2)
    ppr = (
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="exact"/>'
        '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/></w:pPr>'
    )

    def cell(text: str, rfonts: str) -> str:
        return (
            f'<w:tc><w:tcPr><w:vAlign w:val="center"/></w:tcPr><w:p>{ppr}<w:r><w:rPr>{rfonts}'
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
        )

    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(
        border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="5000" w:type="pct"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="autofit"/></w:tblPr><w:tblGrid>',
        "<w:gridCol/>" * len(headers),
        "</w:tblGrid>",
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>",
        *(cell(h, head_fonts) for h in headers),
        "</w:tr>",
    ]
    for row in rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(cell(value, fonts) for value in row)
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _annex(document: object, doc: BulletinDocument, anchor: Paragraph | None = None) -> None:
    if anchor is None:
        section = document.add_section(WD_SECTION.NEW_PAGE)  # type: ignore[attr-defined]
        _setup_page(section, landscape=True)
        label = document.add_paragraph()  # type: ignore[attr-defined]
    else:
        label = anchor.insert_paragraph_before()
        label.add_run().add_break(WD_BREAK.PAGE)
    _format(label, indent=Pt(0))
    add_run(label, "附件", HEADING_FONT, BODY_SIZE)
    heading = (
        anchor.insert_paragraph_before() if anchor is not None else document.add_paragraph()  # type: ignore[attr-defined]
    )
    _format(heading, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), pitch=TITLE_PITCH)
    add_run(heading, doc.annex_title, TITLE_FONT, Pt(18))
    table = parse_xml(_table_xml(doc.annex_headers, doc.annex_rows))
    if anchor is not None:
        anchor._p.addprevious(table)
    else:
        body = document.element.body  # type: ignore[attr-defined]
        body.insert(len(body) - 1, table)  # before the final sectPr


def render_docx(doc: BulletinDocument, *, template: bytes | None = None) -> bytes:
    if template is not None:
        return _render_into_template(doc, template)
    document = Document()
    _styles(document)
    section = document.sections[0]
    _setup_page(section)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)

    title = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    _format(title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0), pitch=TITLE_PITCH)
    add_run(title, doc.title, TITLE_FONT, TITLE_SIZE)
    issue = document.add_paragraph()
    _format(issue, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))
    add_run(issue, doc.issue, SUBHEADING_FONT, BODY_SIZE)
    _format(document.add_paragraph())  # one blank line under the title (GB/T 9704 7.3.1)
    _body(document, doc)
    _ending(document, doc)
    if doc.annex_rows:
        _annex(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PLACEHOLDERS = ("{{标题}}", "{{期号}}", "{{发文机关}}", "{{日期}}")


def _render_into_template(doc: BulletinDocument, template: bytes) -> bytes:
    document = Document(io.BytesIO(template))
    values = {
        "{{标题}}": doc.title,
        "{{期号}}": doc.issue,
        "{{发文机关}}": doc.issuer,
        "{{日期}}": doc.issued_text,
    }
    body_anchor = annex_anchor = None
    for p in _all_paragraphs(document):
        text = p.text
        if "{{正文}}" in text:
            body_anchor = p
        elif "{{附件}}" in text:
            annex_anchor = p
        elif any(key in text for key in PLACEHOLDERS):
            for key, value in values.items():
                text = text.replace(key, value)
            runs = p.runs
            runs[0].text = text  # keeps the first run's formatting (the letterhead's choice)
            for run in runs[1:]:
                run.text = ""
            for run in runs[:1]:
                rpr = run._r.rPr
                if rpr is None or rpr.find(qn("w:rFonts")) is None:
                    set_fonts(run._r, BODY_FONT)
    if body_anchor is None:
        raise ValueError("信头模板中没有 {{正文}} 段落 / the letterhead has no {{正文}} paragraph")
    _body(document, doc, anchor=body_anchor)
    body_anchor._p.getparent().remove(body_anchor._p)
    if doc.annex_rows:
        if annex_anchor is None:
            _annex(document, doc)
        else:
            _annex(document, doc, anchor=annex_anchor)
            annex_anchor._p.getparent().remove(annex_anchor._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _all_paragraphs(document: object) -> list[Paragraph]:
    paragraphs = list(document.paragraphs)  # type: ignore[attr-defined]
    for table in document.tables:  # type: ignore[attr-defined]
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return paragraphs
