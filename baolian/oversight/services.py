"""Writes of the oversight app: drafting, editing and publishing bulletins."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from baolian.accounts.models import User
from baolian.oversight.metrics import metrics_json, period_metrics
from baolian.oversight.models import Bulletin, BulletinCase, BulletinState, Letterhead
from baolian.oversight.render import PdfUnavailable, render
from baolian.oversight.selectors import bulletin_document, cases_of, letterhead_bytes
from baolian.oversight.writing import write_body
from baolian.roster.models import CampaignSettings
from baolian.support.models import SupportMeasure
from baolian.visits.models import Visit


class BulletinError(Exception):
    """A request the bulletin cannot follow; the message says why (Chinese / English)."""


def bulletin_next_number(*, year: int) -> int:
    """The number after the last one of the year (第N期 count within a year, as printed)."""
    last = Bulletin.objects.filter(year=year).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def bulletin_issuer() -> str:
    campaign = CampaignSettings.load()
    return campaign.office_name or (f"{campaign.city_name}创卫办" if campaign.city_name else "")


@transaction.atomic
def bulletin_create(
    *,
    start: date,
    end: date,
    cutoff: bool,
    by: User | None,
    number: int | None = None,
    issued_on: date | None = None,
) -> Bulletin:
    """A draft for the period with its figures and the text written from them."""
    if end < start:
        raise BulletinError("结束日期早于开始日期 / the period ends before it starts")
    year = end.year
    number = number or bulletin_next_number(year=year)
    if Bulletin.objects.filter(year=year, number=number).exists():
        raise BulletinError(f"{year}年第{number}期已存在 / issue {number} of {year} exists already")
    bulletin = Bulletin(
        year=year,
        number=number,
        period_start=start,
        period_end=end,
        cutoff=cutoff,
        issuer=bulletin_issuer() or "市创卫办",
        issued_on=issued_on or timezone.localdate(),
        created_by=by,
        body="",
    )
    _write(bulletin)
    bulletin.save()
    return bulletin


def _write(bulletin: Bulletin) -> None:
    metrics = period_metrics(start=bulletin.period_start, end=bulletin.period_end)
    bulletin.figures = metrics_json(metrics)
    cases = cases_of(bulletin) if bulletin.pk else []
    bulletin.body = write_body(metrics, cutoff=bulletin.cutoff, office=bulletin.issuer, cases=cases)


def _draft(bulletin: Bulletin) -> Bulletin:
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.is_published:
        raise BulletinError("已发布的通报不能修改 / a published bulletin cannot change")
    return bulletin


@transaction.atomic
def bulletin_rewrite(
    *, bulletin: Bulletin, visit_ids: list[int], measure_ids: list[int]
) -> Bulletin:
    """Count again, set the typical cases, and write the text anew (edits are replaced)."""
    bulletin = _draft(bulletin)
    visits = Visit.objects.alive().between(bulletin.period_start, bulletin.period_end)
    measures = SupportMeasure.objects.alive().between(bulletin.period_start, bulletin.period_end)
    BulletinCase.objects.filter(bulletin=bulletin).delete()
    for visit in visits.filter(pk__in=visit_ids).order_by("visited_on", "id"):
        BulletinCase.objects.create(bulletin=bulletin, visit=visit)
    for measure in measures.filter(pk__in=measure_ids).order_by("given_on", "id"):
        BulletinCase.objects.create(bulletin=bulletin, measure=measure)
    _write(bulletin)
    bulletin.save()
    return bulletin


@transaction.atomic
def bulletin_edit(*, bulletin: Bulletin, body: str, issuer: str, issued_on: date) -> Bulletin:
    bulletin = _draft(bulletin)
    if not body.strip():
        raise BulletinError("正文不能为空 / the text cannot be empty")
    bulletin.body = body.replace("\r\n", "\n")
    bulletin.issuer = issuer.strip() or bulletin.issuer
    bulletin.issued_on = issued_on
    bulletin.save()
    return bulletin


@transaction.atomic
def bulletin_publish(*, bulletin: Bulletin, by: User | None) -> Bulletin:
    """Freeze it: its text, its figures (taken when the text was written) and its files."""
    bulletin = _draft(bulletin)
    doc = bulletin_document(bulletin)
    template = letterhead_bytes()
    stem = f"{bulletin.year}-{bulletin.number:03d}"
    bulletin.docx.save(f"{stem}.docx", ContentFile(render(doc, "docx", template=template)), False)
    bulletin.md.save(f"{stem}.md", ContentFile(render(doc, "md")), False)
    bulletin.html.save(f"{stem}.html", ContentFile(render(doc, "html")), False)
    try:
        bulletin.pdf.save(f"{stem}.pdf", ContentFile(render(doc, "pdf", template=template)), False)
    except PdfUnavailable:
        pass  # no LibreOffice here: the .docx is the document
    bulletin.state = BulletinState.PUBLISHED
    bulletin.published_by = by
    bulletin.published_at = timezone.now()
    bulletin.save()
    return bulletin


@transaction.atomic
def bulletin_delete(*, bulletin: Bulletin) -> None:
    _draft(bulletin).delete()


@transaction.atomic
def letterhead_upload(*, name: str, content: bytes, by: User | None) -> Letterhead:
    """Keep the office's layout after checking it holds the {{正文}} placeholder."""
    import io

    from docx import Document

    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises several kinds for a file that is not .docx
        raise BulletinError("不是有效的 Word（.docx）文件 / not a valid .docx file") from exc
    if not any("{{正文}}" in p.text for p in document.paragraphs):
        raise BulletinError(
            "信头模板须有一个只含 {{正文}} 的段落 / the letterhead needs a {{正文}} paragraph"
        )
    letterhead = Letterhead(name=name[:200], uploaded_by=by)
    letterhead.file.save("letterhead.docx", ContentFile(content), save=False)
    letterhead.save()
    return letterhead
