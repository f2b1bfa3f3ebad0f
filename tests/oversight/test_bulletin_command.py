"""`baolian bulletin`: the .docx in the GB/T 9704 layout, and md/html saying the same words."""

from __future__ import annotations

import io
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from baolian.oversight.render_pdf import soffice

pytestmark = pytest.mark.django_db
PERIOD = ("--from", "2021-04-01", "--to", "2021-06-30", "--date", "2021-07-15")


def bulletin(tmp_path, fmt: str, *extra: str) -> bytes:
    out = tmp_path / f"b.{fmt}"
    call_command("bulletin", *PERIOD, "--format", fmt, "-o", str(out), *extra, stdout=StringIO())
    return out.read_bytes()


def east_asia(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


@pytest.fixture
def docx(quarter, tmp_path):
    return Document(io.BytesIO(bulletin(tmp_path, "docx", "--number", "18")))


def test_the_page_is_a4_with_the_official_margins(docx):
    section = docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]


def test_title_body_and_headings_carry_the_official_fonts_and_sizes(docx):
    paragraphs = [p for p in docx.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.text == "创卫督查通报"
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert paragraphs[1].text == "（2021年第十八期）"
    heading = next(p for p in paragraphs if p.text == "一、总体情况")
    assert east_asia(heading.runs[0]) == "黑体" and heading.runs[0].font.size == Pt(16)
    sub = next(p for p in paragraphs if p.text.startswith("（一）包联单位重视程度"))
    assert east_asia(sub.runs[0]) == "楷体_GB2312"
    body = next(p for p in paragraphs if "开展包联行动共11场次" in p.text)
    assert {east_asia(r) for r in body.runs} == {"仿宋_GB2312"}
    assert body.runs[0].font.size == Pt(16)
    fmt = body.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28)
    # a suggestion: its first sentence in 楷体, the rest in 仿宋
    lead = next(p for p in paragraphs if p.text.startswith("（一）端正认识"))
    assert [east_asia(r) for r in lead.runs] == ["楷体_GB2312", "仿宋_GB2312"]


def test_every_run_names_its_east_asian_font(docx):
    runs = [r for p in docx.paragraphs for r in p.runs]
    runs += [r for t in docx.tables for row in t.rows for c in row.cells for p in c.paragraphs
             for r in p.runs]  # fmt: skip
    for section in docx.sections:
        for footer in (section.footer, section.even_page_footer):
            runs += [r for p in footer.paragraphs for r in p.runs]
    assert runs and all(east_asia(r) for r in runs)


def test_page_numbers_are_dashed_in_4hao_songti_odd_right_even_left(docx):
    assert docx.settings.odd_and_even_pages_header_footer
    odd, even = (
        docx.sections[0].footer.paragraphs[0],
        docx.sections[0].even_page_footer.paragraphs[0],
    )
    for footer in (odd, even):
        xml = footer._p.xml
        assert 'w:instr="PAGE"' in xml
        assert footer.runs[0].text == "— " and footer.runs[-1].text == " —"
        assert east_asia(footer.runs[0]) == "宋体" and footer.runs[0].font.size == Pt(14)
    assert odd.alignment == 2 and even.alignment == 0  # RIGHT, LEFT


def test_the_issuer_and_date_close_the_text_and_the_annex_lists_every_unit(docx):
    texts = [p.text for p in docx.paragraphs if p.text.strip()]
    annex = texts.index("附件")
    assert texts[annex - 2 : annex] == ["市创卫办", "2021年7月15日"]
    table = docx.tables[0]
    assert [row.cells[1].text for row in table.rows] == [
        "单位",
        "市卫生健康局",
        "市税务局",
        "市档案馆",
    ]
    assert [c.text for c in table.rows[1].cells] == [
        "1", "市卫生健康局", "桥东社区", "9", "3", "3/3", "是", "1", "1", "125.294", "1/0",
    ]  # fmt: skip


def test_markdown_and_html_say_the_same_words(quarter, tmp_path):
    docx = Document(io.BytesIO(bulletin(tmp_path, "docx")))
    md = bulletin(tmp_path, "md").decode()
    html = bulletin(tmp_path, "html").decode()
    plain_html = re.sub(r"<[^>]+>", "", html)
    for p in docx.paragraphs:
        if p.text.strip():
            assert p.text in md.replace("**", "").replace("## ", "").replace("### ", "")
            assert p.text in plain_html
    assert "| 1 | 市卫生健康局 | 桥东社区 | 9 |" in md


def test_the_number_follows_the_last_published_of_the_year(quarter, tmp_path):
    from baolian.oversight.services import bulletin_create

    bulletin_create(start=date(2021, 4, 1), end=date(2021, 6, 30), cutoff=True, by=None, number=7)
    md = bulletin(tmp_path, "md").decode()
    assert "（2021年第八期）" in md


def test_a_letterhead_template_receives_the_text(quarter, tmp_path):
    letterhead = Document()
    letterhead.add_paragraph("潮州市创建国家卫生城市工作办公室")
    letterhead.add_paragraph("{{标题}}")
    letterhead.add_paragraph("{{期号}}")
    letterhead.add_paragraph("{{正文}}")
    letterhead.add_paragraph("{{发文机关}}  {{日期}}")
    path = tmp_path / "letterhead.docx"
    letterhead.save(path)
    out = Document(io.BytesIO(bulletin(tmp_path, "docx", "--template", str(path))))
    texts = [p.text for p in out.paragraphs if p.text.strip()]
    assert texts[:3] == ["潮州市创建国家卫生城市工作办公室", "创卫督查通报", "（2021年第一期）"]
    assert "一、总体情况" in texts and "市创卫办  2021年7月15日" in texts
    assert not any("{{" in t for t in texts)
    assert len(out.tables[0].rows) == 4


def test_pdf_needs_libreoffice(quarter, tmp_path):
    if soffice() is None:
        with pytest.raises(CommandError):
            bulletin(tmp_path, "pdf")
    else:
        assert bulletin(tmp_path, "pdf").startswith(b"%PDF")
