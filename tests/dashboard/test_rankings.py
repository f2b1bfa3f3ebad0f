"""Scores, places, changes and the red and black lists on hand-built data (see conftest).

Default weights: quota 40, leader 15, timeliness 15, evidence 10, problems 10, support 10.
June 2021, every unit judged on the whole month (1.0 month), quota 3, low line 1:

A  quota 3/3 → 40; leader 1/3 → 5; on time 3/3 → 15; evidence 3/3 → 10;
   no problems → 10; support 20000/20000 → 10                      = 90.0  red list
B  quota 2/3 → 26.67; leader 0; on time 1/2 → 7.5; evidence 1/2 → 5;
   problems 1/2 → 5; support 5000/20000 → 2.5                      = 46.7  black (score < 50)
C  nothing: quota, leader, timeliness, evidence, support 0; no problems → 10
                                                                  = 10.0  black (score, low line)
May: C 40 + 15 + 10 + 10 = 75 (1st); A and B only "no problems" → 10 (2nd, shared).
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.utils import translation

from baolian.dashboard.models import RankingSettings
from baolian.dashboard.views import ranked


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def by_name(cards):
    return {c.name: c for c in cards}


def test_units_rank_by_their_weighted_score(june, en):
    cards = ranked(date(2021, 6, 1))
    assert [(c.name, c.score, c.rank) for c in cards] == [
        ("市卫生健康局", Decimal("90.0"), 1),
        ("市税务局", Decimal("46.7"), 2),
        ("市档案馆", Decimal("10.0"), 3),
    ]


def test_each_part_says_why_it_scored_what_it_did(june, en):
    b = by_name(ranked(date(2021, 6, 1)))["市税务局"]
    parts = {p.key: p for p in b.parts}
    assert parts["quota"].points == Decimal("26.7")
    assert "2 visits a month against a quota of 3" in parts["quota"].why
    assert parts["timeliness"].points == Decimal("7.5")
    assert "1 of 2 visits reported on time" in parts["timeliness"].why
    assert parts["evidence"].points == Decimal("5.0")
    assert parts["problems"].points == Decimal("5.0")
    assert "1 closed of 2 problems found" in parts["problems"].why
    assert parts["support"].points == Decimal("2.5")
    assert "0.5万元 invested; the most by any unit: 2万元" in parts["support"].why


def test_red_and_black_lists_follow_the_offices_thresholds(june, en):
    cards = by_name(ranked(date(2021, 6, 1)))
    assert cards["市卫生健康局"].red and not cards["市卫生健康局"].black
    assert cards["市税务局"].black and not cards["市税务局"].red
    assert cards["市税务局"].black_reasons == ["score 46.7 below 50"]
    assert len(cards["市档案馆"].black_reasons) == 2  # score, and below the low line

    settings = RankingSettings.load()
    settings.black_max_score = Decimal(40)
    settings.red_min_score = Decimal(95)
    settings.save()
    cards = by_name(ranked(date(2021, 6, 1)))  # a settings change makes the next read fresh
    assert not cards["市卫生健康局"].red
    assert not cards["市税务局"].black
    assert cards["市档案馆"].black


def test_changing_a_weight_changes_the_order(june, en):
    settings = RankingSettings.load()
    settings.weight_quota = Decimal(0)
    settings.weight_leader = Decimal(0)
    settings.weight_timeliness = Decimal(0)
    settings.weight_evidence = Decimal(0)
    settings.weight_support = Decimal(0)
    settings.save()  # only "problems cleared" counts: A and C (none found) tie above B
    cards = ranked(date(2021, 6, 1))
    assert [(c.name, c.rank) for c in cards] == [
        ("市卫生健康局", 1),
        ("市档案馆", 1),
        ("市税务局", 3),
    ]


def test_the_change_since_the_previous_month_is_shown(june, en):
    cards = by_name(ranked(date(2021, 6, 1)))
    assert cards["市档案馆"].previous_rank == 1 and cards["市档案馆"].change == -2
    assert cards["市卫生健康局"].previous_rank == 2 and cards["市卫生健康局"].change == 1
    assert cards["市税务局"].change == 0


def test_the_page_explains_and_a_liaison_sees_only_their_unit(june, users):
    client = Client()
    client.force_login(users["liaison"])  # unit A
    page = client.get("/rankings/?month=2021-06").content.decode()
    assert "市卫生健康局" in page and "90.0" in page
    assert "市税务局" not in page and "市档案馆" not in page
    assert "↑1" in page


def test_the_office_sees_every_unit_and_both_lists(june, users):
    client = Client()
    client.force_login(users["admin"])
    page = client.get("/rankings/?month=2021-06").content.decode()
    red = page.split('id="red"')[1].split("</article>")[0]
    black = page.split('id="black"')[1].split("</article>")[0]
    assert "市卫生健康局" in red and "市税务局" not in red
    assert "市税务局" in black and "市档案馆" in black


def test_a_bad_month_is_said_not_a_500(users):
    client = Client()
    client.force_login(users["admin"])
    response = client.get("/rankings/?month=June")
    assert response.status_code == 200 and "June" in response.content.decode()


def test_the_export_has_the_places_and_keeps_formula_like_names_as_text(june, users):
    june.unit_b.name = "=HYPERLINK(1)"
    june.unit_b.save()
    client = Client()
    client.force_login(users["admin"])
    response = client.get("/rankings/export.xlsx?month=2021-06")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (1, "市卫生健康局", 90.0),
        (2, "=HYPERLINK(1)", 46.7),
        (3, "市档案馆", 10.0),
    ]
    assert sheet["C3"].data_type == "s"
    assert rows[0][12] == "红榜" and rows[1][12] == "黑榜"


def test_only_the_office_changes_the_weights_and_a_bad_pair_of_lines_is_refused(users):
    client = Client()
    client.force_login(users["inspector"])
    assert client.post("/rankings/settings/", {}).status_code == 403
    client.force_login(users["admin"])
    form = {
        "weight_quota": 40,
        "weight_leader": 15,
        "weight_timeliness": 15,
        "weight_evidence": 10,
        "weight_problems": 10,
        "weight_support": 10,
        "red_min_score": 40,
        "black_max_score": 60,
        "red_needs_quota": "on",
        "black_below_low_line": "on",
    }
    response = client.post("/rankings/settings/", form)
    assert response.status_code == 200  # shown again with the error, nothing saved
    assert RankingSettings.load().red_min_score == Decimal(85)
    form["red_min_score"] = 90
    assert client.post("/rankings/settings/", form).status_code == 302
    assert RankingSettings.load().red_min_score == Decimal(90)
