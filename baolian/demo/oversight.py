"""The demo's inspection bulletin: 第一期, 截至6月底 of the demo campaign, published, so the
archive, the files and the report have something to show."""

from __future__ import annotations

import random
from datetime import date

from baolian.oversight.models import Bulletin
from baolian.oversight.services import bulletin_create, bulletin_publish
from baolian.roster.models import CampaignSettings

DEMO_END = date(2021, 6, 30)


def build(rng: random.Random) -> None:
    del rng  # the figures come from the demo's records; nothing here is random
    if Bulletin.objects.filter(year=DEMO_END.year, number=1).exists():
        return  # idempotent: the same demo twice changes nothing
    start = CampaignSettings.load().campaign_started_on or date(2021, 4, 1)
    bulletin = bulletin_create(
        start=start, end=DEMO_END, cutoff=True, by=None, number=1, issued_on=date(2021, 7, 15)
    )
    bulletin_publish(bulletin=bulletin, by=None)


def reset() -> None:
    # Runs before visits and support are removed: their typical-case links go first.
    for bulletin in Bulletin.objects.all():
        for stored in (bulletin.docx, bulletin.md, bulletin.html, bulletin.pdf):
            if stored:
                stored.delete(save=False)
    Bulletin.objects.all().delete()
