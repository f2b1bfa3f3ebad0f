"""The bulletin's set phrases are the real bulletin's (shared/reference), not our invention."""

from __future__ import annotations

import re
from datetime import date

import pytest

from baolian.oversight.metrics import period_metrics
from baolian.oversight.writing import write_body
from baolian.visits.models import Visit
from tests.conftest import SHARED
from tests.factories_oversight import flag

REFERENCE = SHARED / "reference" / "000_613228f73d0c2f32.txt"

# The phrases write_body uses, with the figures and names left out.
PHRASES = [
    "全部完成与对应包联点创卫工作对接",
    "开展包联行动共",
    "等单位平均每月不低于",
    "等单位平均每月低于",
    "创卫宣传、卫生整治等活动",
    "投入创国卫帮扶资金共",
    "资金帮扶力度较大",
    "包联单位重视程度有待提高",
    "求真务实的工作态度有待加强",
    "端正认识，务实参与创卫包联工作",
    "对标对表，加快短板问题清零工作",
]


@pytest.mark.skipif(not REFERENCE.exists(), reason=f"{REFERENCE} is not here (shared folder)")
@pytest.mark.django_db
def test_the_written_text_speaks_in_the_reference_bulletins_phrases(quarter):
    reference = re.sub(r"[,，]", "，", REFERENCE.read_text("utf-8"))
    flag(Visit.objects.first())  # so that the text speaks of evidence too
    text = write_body(
        period_metrics(start=date(2021, 4, 1), end=date(2021, 6, 30)), cutoff=True, office=""
    )
    for phrase in PHRASES:
        assert phrase in reference, phrase
    for phrase in PHRASES[1:]:  # not every unit docked in the quarter: no 全部
        assert phrase in text, phrase
