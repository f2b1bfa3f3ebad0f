"""Every change to the roster is kept: who, when, before and after."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry

from baolian.roster import services
from baolian.roster.models import Unit
from tests.workbooks import xlsx


def _units_workbook(*rows: list[object]) -> bytes:
    return xlsx({"包联单位": [["名称", "联络员"], *rows]})


@pytest.mark.django_db
def test_an_import_through_the_web_records_who_changed_what(client, users):
    client.force_login(users["admin"])
    upload = io.BytesIO(_units_workbook(["市新单位", "陈明"]))
    upload.name = "units.xlsx"
    page = client.post("/roster/import/", {"file": upload})
    client.post("/roster/import/confirm/", {"token": page.context["token"]})
    unit = Unit.objects.get(name="市新单位")
    created = LogEntry.objects.get_for_object(unit).get()
    assert created.action == LogEntry.Action.CREATE
    assert created.actor == users["admin"]
    assert {"pairings", "key", "id"}.isdisjoint(created.changes_dict)  # facts, not plumbing

    upload = io.BytesIO(_units_workbook(["市新单位", "林芳"]))
    upload.name = "units.xlsx"
    page = client.post("/roster/import/", {"file": upload})
    client.post("/roster/import/confirm/", {"token": page.context["token"]})
    changed = LogEntry.objects.get_for_object(unit).filter(action=LogEntry.Action.UPDATE).get()
    assert changed.actor == users["admin"]
    assert changed.changes_dict["liaison_name"] == ["陈明", "林芳"]


@pytest.mark.django_db
def test_a_dry_run_leaves_no_history(client, users):
    client.force_login(users["admin"])
    before = LogEntry.objects.count()
    upload = io.BytesIO(_units_workbook(["市新单位", "陈明"]))
    upload.name = "units.xlsx"
    preview = client.post("/roster/import/", {"file": upload})
    assert preview.context["report"].sheets[0].created == 1
    assert LogEntry.objects.count() == before


@pytest.mark.django_db
def test_a_service_change_keeps_before_and_after(city):
    services.unit_upsert(name=city.unit_a.name, liaison_phone="0768-1234567")
    entry = LogEntry.objects.get_for_object(city.unit_a).latest("timestamp")
    assert entry.changes_dict["liaison_phone"] == ["", "0768-1234567"]


@pytest.mark.django_db
def test_the_office_reads_the_history_in_the_admin_and_others_cannot(client, users, city):
    services.unit_upsert(name=city.unit_a.name, liaison_name="林芳")
    client.force_login(users["admin"])
    page = client.get("/admin/auditlog/logentry/", {"q": city.unit_a.name})
    assert page.status_code == 200
    assert city.unit_a.name in page.content.decode()
    client.force_login(users["inspector"])
    assert client.get("/admin/auditlog/logentry/").status_code == 403  # the product's 403 page


@pytest.mark.django_db
def test_a_command_line_import_records_its_file_and_the_office_user_named(tmp_path, users):
    from django.core.management import call_command

    path = tmp_path / "单位.xlsx"
    path.write_bytes(_units_workbook(["市新单位", "陈明"]))
    call_command("import", str(path), "--as", "office", stdout=io.StringIO())

    entry = LogEntry.objects.get_for_object(Unit.objects.get(name="市新单位")).get()
    assert entry.actor == users["admin"]
    assert entry.additional_data["source"] == "command line"
    assert entry.additional_data["file"] == "单位.xlsx"


@pytest.mark.django_db
def test_a_command_line_import_as_a_non_office_user_is_refused(tmp_path, users):
    from django.core.management import CommandError, call_command

    path = tmp_path / "单位.xlsx"
    path.write_bytes(_units_workbook(["市新单位", "陈明"]))
    with pytest.raises(CommandError):
        call_command("import", str(path), "--as", "liaison", stdout=io.StringIO())
    assert not Unit.objects.filter(name="市新单位").exists()


@pytest.mark.django_db
def test_the_admin_history_button_shows_changes_made_by_imports(client, users, city):
    services.unit_upsert(name=city.unit_a.name, liaison_name="林芳")
    client.force_login(users["admin"])
    page = client.get(f"/admin/roster/unit/{city.unit_a.pk}/history/", follow=True)
    assert page.status_code == 200
    assert "林芳" in page.content.decode()
