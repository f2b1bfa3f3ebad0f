"""The report page, its workbook, and the bulletin's life: draft, cases, edit, publish."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.test import Client
from docx import Document

from baolian.oversight.models import Bulletin
from baolian.roster.models import Unit
from tests.factories_oversight import make_measure, make_visit

pytestmark = pytest.mark.django_db
Q2 = "?from=2021-04-01&to=2021-06-30"


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_sees_the_citys_figures_and_every_unit(quarter, users):
    page = client_for(users["inspector"]).get("/oversight/report/" + Q2).content.decode()
    assert "<strong>2/3</strong>" in page  # units docked
    assert "<strong>11</strong>" in page  # visits
    assert "<strong>125.294</strong>" in page
    assert page.index("市卫生健康局") < page.index("市税务局") < page.rindex("市档案馆")


def test_a_leaders_report_covers_only_their_units(quarter, users):
    page = client_for(users["leader"]).get("/oversight/report/" + Q2).content.decode()
    assert "市档案馆" in page
    assert "市卫生健康局" not in page and "市税务局" not in page
    assert "125.294" not in page


def test_an_unreadable_date_is_said_not_a_500(quarter, users):
    response = client_for(users["admin"]).get("/oversight/report/?from=2021-02-30&to=x")
    assert response.status_code == 200
    assert "2021-02-30" in response.content.decode()


def test_the_workbook_has_headline_units_and_streets(quarter, users):
    Unit.objects.filter(pk=quarter.unit_b.pk).update(name="=HYPERLINK(1)")
    response = client_for(users["admin"]).get("/oversight/report.xlsx" + Q2)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["总体情况", "各单位", "各街道"]
    headline = {row[0]: row[1] for row in book["总体情况"].iter_rows(values_only=True)}
    assert headline["包联行动（场次）"] == 11
    assert headline["未对接单位"] == "市档案馆"
    units = book["各单位"]
    assert [c.value for c in units["B"]][1:] == ["市卫生健康局", "=HYPERLINK(1)", "市档案馆"]
    assert units["B3"].data_type == "s"  # text, not a formula
    streets = [row[0] for row in book["各街道"].iter_rows(min_row=2, values_only=True)]
    assert streets == ["东城街道", "西湖镇"]


def test_a_bulletin_is_drafted_edited_and_published_frozen(quarter, users, settings):
    office = client_for(users["admin"])
    response = office.post("/oversight/bulletins/new/", {"from": "", "to": "2021-06-30"})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and (bulletin.year, bulletin.number) == (2021, 1)
    assert "开展包联行动共11场次" in bulletin.body

    # an inspector picks a support measure as a typical case; the text is written again
    measure = make_measure(quarter.unit_b, quarter.c12, date(2021, 6, 1), "800",
                           content="制作更新创卫宣传栏")  # fmt: skip
    inspector = client_for(users["inspector"])
    inspector.post(f"/oversight/bulletins/{bulletin.pk}/cases/", {"measure": [measure.pk]})
    bulletin.refresh_from_db()
    assert "典型做法\n市税务局为新桥社区制作更新创卫宣传栏。" in bulletin.body

    body = bulletin.body.replace("督导检查组", "督导检查组（第二组）")
    inspector.post(
        f"/oversight/bulletins/{bulletin.pk}/edit/",
        {"body": body, "issuer": "潮州市创卫办", "issued_on": "2021-07-15"},
    )
    assert inspector.post(f"/oversight/bulletins/{bulletin.pk}/publish/").status_code == 403
    office.post(f"/oversight/bulletins/{bulletin.pk}/publish/")
    bulletin.refresh_from_db()
    assert bulletin.is_published and bulletin.docx and bulletin.md and bulletin.html
    frozen_docx = bulletin.docx.read()
    figures = dict(bulletin.figures)
    assert figures["visits_total"] == 11

    # records change afterwards: the published bulletin does not
    make_visit(quarter.unit_c, quarter.c21, date(2021, 6, 1))
    make_measure(quarter.unit_c, quarter.c21, date(2021, 6, 2), "99999")
    bulletin.refresh_from_db()
    assert bulletin.figures == figures
    response = client_for(users["liaison"]).get(f"/oversight/bulletins/{bulletin.pk}/file.docx")
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == (
        frozen_docx
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(frozen_docx)).paragraphs)
    assert "督导检查组（第二组）" in text and "潮州市创卫办" in text and "共11场次" in text
    # nor can it be edited any more
    inspector.post(f"/oversight/bulletins/{bulletin.pk}/edit/", {"body": "改", "issuer": "x"})
    bulletin.refresh_from_db()
    assert "督导检查组（第二组）" in bulletin.body
    # the next one follows its number
    office.post("/oversight/bulletins/new/", {"from": "2021-07-01", "to": "2021-07-31"})
    assert Bulletin.objects.order_by("-number").first().number == 2


def test_drafts_are_hidden_from_units_but_published_ones_are_circulated(quarter, users):
    draft = Bulletin.objects.create(
        year=2021, number=1, period_start=date(2021, 4, 1), period_end=date(2021, 6, 30),
        body="一、总体情况", issuer="市创卫办", issued_on=date(2021, 7, 1),
    )  # fmt: skip
    liaison = client_for(users["liaison"])
    assert liaison.get(f"/oversight/bulletins/{draft.pk}/").status_code == 404
    assert "2021" not in liaison.get("/oversight/bulletins/").content.decode()
    client_for(users["admin"]).post(f"/oversight/bulletins/{draft.pk}/publish/")
    assert liaison.get(f"/oversight/bulletins/{draft.pk}/").status_code == 200


def test_a_letterhead_without_the_body_placeholder_is_refused(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = Document()
    document.add_paragraph("没有占位符")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("head.docx", buffer.getvalue())
    response = client_for(users["admin"]).post("/oversight/letterhead/", {"file": upload})
    assert response.status_code == 400
    assert "{{正文}}" in response.content.decode()
    not_docx = SimpleUploadedFile("head.docx", b"not a zip")
    response = client_for(users["admin"]).post("/oversight/letterhead/", {"file": not_docx})
    assert response.status_code == 400
