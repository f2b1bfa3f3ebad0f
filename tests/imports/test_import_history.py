"""Rows an import writes in bulk get the same history a row saved one by one gets."""

from __future__ import annotations

from datetime import date

from auditlog.models import LogEntry

from baolian.roster import services
from baolian.roster.models import Community, Pairing, Street, Unit
from tests.imports.conftest import run_import
from tests.workbooks import xlsx


def _created(obj) -> dict:
    return LogEntry.objects.get_for_object(obj).get(action=LogEntry.Action.CREATE).changes_dict


def test_a_bulk_created_row_records_what_a_saved_row_records(db):
    saved = services.unit_upsert(
        name="市甲局", category="市直机关", liaison_name="陈明", sort_order=2
    ).obj
    street = services.street_upsert(name="东城街道").obj
    community = services.community_upsert(street=street, name="桥东社区").obj
    services.pairing_upsert(unit=saved, community=community, started_on=date(2021, 4, 1))

    run_import(
        xlsx(
            {
                "包联单位": [["名称", "单位类别", "联络员"], ["市乙局", "市直机关", "陈明"]],
                "包联关系": [
                    ["包联单位", "社区村", "开始日期"],
                    ["市乙局", "桥东社区", "2021-04-01"],
                ],
            }
        )
    )

    imported = Unit.objects.get(name="市乙局")
    by_hand, by_import = _created(saved), _created(imported)
    # Facts only: a saved row also lists reverse relations (visits …) as "changed", noise.
    concrete = {field.name for field in Unit._meta.concrete_fields}
    assert by_import.keys() == by_hand.keys() & concrete
    assert by_import["category"] == by_hand["category"] == ["None", "市直机关"]
    assert by_import["sort_order"] == ["None", str(imported.sort_order)]
    pairings = [_created(p) for p in Pairing.objects.order_by("pk")]
    concrete = {field.name for field in Pairing._meta.concrete_fields}
    assert pairings[1].keys() == pairings[0].keys() & concrete
    assert pairings[1]["community"] == pairings[0]["community"]
    assert pairings[1]["unit"] == [pairings[0]["unit"][0], str(imported.pk)]
    assert Street.objects.count() == 1 and Community.objects.count() == 1


def test_a_bulk_update_records_only_the_fields_that_changed(db):
    unit = services.unit_upsert(name="市甲局", liaison_name="陈明").obj

    run_import(xlsx({"包联单位": [["名称", "联络员"], ["市甲局", "林芳"]]}))

    changed = LogEntry.objects.get_for_object(unit).get(action=LogEntry.Action.UPDATE)
    assert changed.changes_dict == {"liaison_name": ["陈明", "林芳"]}
