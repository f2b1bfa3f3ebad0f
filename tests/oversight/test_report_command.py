"""`baolian report` on hand-built data: the JSON of DESIGN §5 and the readable table."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from baolian.roster.models import CampaignSettings

pytestmark = pytest.mark.django_db

DESIGN_KEYS = {
    "from", "to", "units_total", "units_docked", "units_not_docked", "units_meeting_quota",
    "units_below_low_line", "streets_total", "streets_visited", "communities_total",
    "communities_visited", "visits_total", "activities_total", "leader_led_visits",
    "late_visits", "funds_invested_yuan", "funds_pledged_yuan", "top_fund_units",
    "problems_found", "problems_closed", "problems_overdue",
}  # fmt: skip


def report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_json_states_every_design_figure(quarter):
    data = json.loads(report("--from", "2021-04-01", "--to", "2021年6月30日", "--json"))
    assert DESIGN_KEYS <= set(data)
    assert {k: data[k] for k in DESIGN_KEYS} == {
        "from": "2021-04-01",
        "to": "2021-06-30",
        "units_total": 3,
        "units_docked": 2,
        "units_not_docked": ["市档案馆"],
        "units_meeting_quota": ["市卫生健康局"],
        "units_below_low_line": ["市档案馆"],  # 税务局: 2 visits in 47/31 months ≈ 1.32
        "streets_total": 2,
        "streets_visited": 1,
        "communities_total": 3,
        "communities_visited": 2,
        "visits_total": 11,
        "activities_total": 1,
        "leader_led_visits": 1,
        "late_visits": 1,  # 23 June reported on the 27th: 4 days
        "funds_invested_yuan": "1252940.00",
        "funds_pledged_yuan": "3000.00",
        "top_fund_units": ["市卫生健康局"],
        "problems_found": 1,
        "problems_closed": 0,
        "problems_overdue": 1,
    }
    units = {u["name"]: u for u in data["units"]}
    assert [u["name"] for u in data["units"]] == ["市卫生健康局", "市税务局", "市档案馆"]
    assert units["市税务局"]["months_judged"] == round(16 / 31 + 1, 4)
    assert units["市卫生健康局"]["months_met_quota"] == 3


def test_until_counts_from_the_campaign_start(quarter):
    CampaignSettings.objects.update_or_create(
        pk=1, defaults={"campaign_started_on": date(2021, 5, 1)}
    )
    data = json.loads(report("--until", "2021/6/30", "--json"))
    assert data["from"] == "2021-05-01"
    assert data["visits_total"] == 8  # 6 of 卫健局 in May-June, 2 of 税务局
    assert json.loads(report("--to", "2021.6.30", "--json"))["from"] == "2021-05-01"


def test_the_table_lists_units_in_roster_order_with_the_headline(quarter):
    text = report("--from", "2021-04-01", "--to", "2021-06-30")
    assert "包联单位 3 个，已完成对接 2 个；未对接：市档案馆。" in text
    assert "投入帮扶资金 125.294 万元" in text
    assert text.index("市卫生健康局") < text.index("市税务局") < text.rindex("市档案馆")


def test_a_scoped_report_covers_only_the_leaders_units(quarter, users):
    data = json.loads(report("--from", "2021-04-01", "--to", "2021-06-30", "--json",
                             "--as", "leader"))  # fmt: skip
    assert [u["name"] for u in data["units"]] == ["市档案馆"]
    assert data["visits_total"] == 0 and data["funds_invested_yuan"] == "0.00"


@pytest.mark.parametrize(
    "args",
    [
        ("--from", "2021-04-01"),
        ("--from", "2021-13-01", "--to", "2021-06-30"),
        ("--from", "2021-07-01", "--to", "2021-06-30"),
        ("--from", "2021-04-01", "--until", "2021-06-30"),
    ],
)
def test_bad_periods_are_refused_with_a_message(db, args):
    with pytest.raises(CommandError):
        report(*args)
