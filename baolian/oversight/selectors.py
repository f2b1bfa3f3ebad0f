"""Reads for the oversight pages: bulletins, typical-case candidates, the document object."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.db.models.functions import Length

from baolian.accounts.scoping import visible
from baolian.oversight.documents import BulletinDocument, build_document
from baolian.oversight.models import Bulletin, BulletinCase, Letterhead
from baolian.oversight.writing import CaseText
from baolian.roster.models import CampaignSettings
from baolian.support.models import SupportMeasure
from baolian.visits.models import Visit

# A visit worth citing says what was done; a one-liner is not a typical case.
CASE_MIN_CHARS = 15
CASE_CANDIDATES = 200


def bulletin_list(*, user: object) -> QuerySet[Bulletin]:
    return visible(user, Bulletin.objects.all())


def case_candidates(*, start: date, end: date) -> tuple[list[Visit], list[SupportMeasure]]:
    """Visits with a substantial summary and measures not merely planned, in the period,
    largest first (what an inspector reads to pick 典型做法)."""
    visits = list(
        Visit.objects.alive()
        .between(start, end)
        .annotate(chars=Length("summary"))
        .filter(chars__gte=CASE_MIN_CHARS)
        .select_related("unit", "community")
        .order_by("-chars", "-visited_on", "id")[:CASE_CANDIDATES]
    )
    measures = list(
        SupportMeasure.objects.alive()
        .between(start, end)
        .invested()
        .select_related("unit", "community")
        .order_by("-amount_yuan", "-given_on", "id")[:CASE_CANDIDATES]
    )
    return visits, measures


def visit_case(visit: Visit) -> CaseText:
    return CaseText(unit=visit.unit.name, text=f"在{visit.community.name}{visit.summary}")


def measure_case(measure: SupportMeasure) -> CaseText:
    return CaseText(unit=measure.unit.name, text=f"为{measure.community.name}{measure.content}")


def cases_of(bulletin: Bulletin) -> list[CaseText]:
    rows = BulletinCase.objects.filter(bulletin=bulletin).select_related(
        "visit__unit", "visit__community", "measure__unit", "measure__community"
    )
    return [visit_case(c.visit) if c.visit else measure_case(c.measure) for c in rows]


def letterhead_bytes() -> bytes | None:
    letterhead = Letterhead.objects.first()
    if letterhead is None:
        return None
    with letterhead.file.open("rb") as handle:
        return handle.read()


def bulletin_document(bulletin: Bulletin) -> BulletinDocument:
    """The document object of a bulletin, from its own text and its stored figures."""
    return build_document(
        city=CampaignSettings.load().city_name,
        year=bulletin.year,
        number=bulletin.number,
        body=bulletin.body,
        issuer=bulletin.issuer,
        issued_on=bulletin.issued_on,
        figures=bulletin.figures,
    )
