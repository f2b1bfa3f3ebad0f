"""The 包联行动 sheet and the .zip of a workbook with its photos, good and bad."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from baolian.demo import pictures
from baolian.imports.engine import import_file
from baolian.photos.models import Photo
from baolian.visits.models import FlagKind, Visit, VisitKind
from tests.visits.conftest import media_files, photo
from tests.workbooks import xlsx

HEADER = [
    "编号",
    "日期",
    "包联单位",
    "社区村",
    "所属街道镇",
    "带队市领导",
    "单位领导带队(是/否)",
    "参与人数",
    "活动类型(多个用、分隔)",
    "工作内容",
    "发现问题",
    "上报时间",
    "照片",
]


def row(code="XD-001", **values):
    base = {
        "编号": code,
        "日期": "2021-05-10",
        "包联单位": "市卫生健康局",
        "社区村": "桥东社区",
        "所属街道镇": "东城街道",
        "带队市领导": "李明",
        "单位领导带队(是/否)": "是",
        "参与人数": 8,
        "活动类型(多个用、分隔)": "卫生整治、宣传教育",
        "工作内容": "清理卫生死角三处，发放健康教育资料两百份，走访商户十家",
        "发现问题": "垃圾清运不及时",
        "上报时间": "2021-05-11 09:30",
        "照片": None,
    }
    base.update(values)
    return [base[h] for h in HEADER]


def book(*rows):
    return xlsx({"包联行动": [HEADER, *rows]})


def bundle(workbook: bytes, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("包联行动.xlsx", workbook)
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_sheet_imports_visits_with_their_facts(city):
    report = import_file(data=book(row()), filename="v.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    visit = Visit.objects.get(code="XD-001")
    assert visit.unit == city.unit_a and visit.community == city.c11
    assert visit.leader == city.leader1 and visit.unit_head_led and visit.participants == 8
    assert set(visit.kind_list) == {VisitKind.CLEANUP, VisitKind.PUBLICITY}
    assert timezone.localtime(visit.reported_at).replace(tzinfo=None) == datetime(
        2021, 5, 11, 9, 30
    )


@pytest.mark.parametrize(
    ("typed", "local"),
    [
        ("2021-06-03T10:20:00+08:00", datetime(2021, 6, 3, 10, 20)),
        ("2021-06-03 10:20 +0800", datetime(2021, 6, 3, 10, 20)),
        ("2021-06-03T02:20:00Z", datetime(2021, 6, 3, 10, 20)),
        ("2021-06-02 22:20 -0400", datetime(2021, 6, 3, 10, 20)),
        ("2021年6月3日 10时20分", datetime(2021, 6, 3, 10, 20)),
    ],
)
def test_a_reporting_time_with_a_utc_offset_keeps_its_time(city, typed, local):
    """It used to keep the date only (midnight): 'reported late' was then wrong."""
    report = import_file(data=book(row(上报时间=typed)), filename="v.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    visit = Visit.objects.get()
    assert timezone.localtime(visit.reported_at).replace(tzinfo=None) == local


def test_reimporting_a_code_updates_instead_of_adding(city):
    import_file(data=book(row()), filename="v.xlsx")
    again = import_file(data=book(row()), filename="v.xlsx")
    assert again.sheets[0].unchanged == 1
    changed = import_file(data=book(row(参与人数=12)), filename="v.xlsx")
    assert changed.sheets[0].updated == 1
    assert Visit.objects.count() == 1 and Visit.objects.get().participants == 12


def test_an_empty_reporting_time_is_the_import_time_and_stays(city):
    import_file(data=book(row(上报时间=None)), filename="v.xlsx")
    first = Visit.objects.get().reported_at
    assert timezone.localdate(first) == timezone.localdate()
    import_file(data=book(row(上报时间=None, 参与人数=9)), filename="v.xlsx")
    assert Visit.objects.get().reported_at == first


def test_a_late_imported_visit_is_flagged(city):
    import_file(data=book(row(上报时间="2021-05-20 08:00")), filename="v.xlsx")
    assert Visit.objects.get().flags.filter(kind=FlagKind.LATE).exists()


def test_unknown_unit_and_community_are_errors_with_their_place(city):
    report = import_file(
        data=book(row(包联单位="市不存在局"), row("XD-002", 社区村="无名社区")), filename="v.xlsx"
    )
    assert not report.ok
    places = {(e.sheet, e.row, e.column_letter) for e in report.errors}
    assert ("包联行动", 2, "C") in places
    assert ("包联行动", 3, "D") in places
    assert "市不存在局" in " ".join(str(e.message) for e in report.errors)
    assert not Visit.objects.exists()


def test_a_visit_to_an_unpaired_community_or_outside_the_dates_is_an_error(city):
    report = import_file(
        data=book(row(社区村="新桥社区"), row("XD-002", 日期="2021-03-01")), filename="v.xlsx"
    )
    assert len(report.errors) == 2
    assert {e.row for e in report.errors} == {2, 3}
    assert not Visit.objects.exists()


def test_bad_cells_are_reported(city):
    report = import_file(
        data=book(row(**{"活动类型(多个用、分隔)": "跳舞"}, 上报时间="昨天", 日期="五月")),
        filename="v.xlsx",
    )
    headers = {e.column for e in report.errors}
    assert {"活动类型(多个用、分隔)", "上报时间", "日期"} <= headers


def test_photos_named_without_a_zip_are_an_error(city):
    report = import_file(data=book(row(照片="a.jpg")), filename="v.xlsx")
    assert not report.ok and report.errors[0].column == "照片"


def test_the_zip_brings_photos_through_the_same_checks(city, settings):
    first = photo("one", day=date(2021, 5, 10))
    files = {"照片/one.jpg": first, "照片/two.jpg": first}
    workbook = book(row(照片="one.jpg"), row("XD-002", 日期="2021-05-20", 照片="two.jpg"))
    report = import_file(data=bundle(workbook, files), filename="old.zip")
    assert report.ok, [str(e) for e in report.errors]
    second = Visit.objects.get(code="XD-002")
    assert second.photos.count() == 1
    assert second.flags.get(kind=FlagKind.REUSED_PHOTO).other_visit.code == "XD-001"
    assert second.flags.filter(kind=FlagKind.OTHER_DAY).exists()
    again = import_file(data=bundle(workbook, files), filename="old.zip")
    assert again.ok and Photo.objects.count() == 2  # re-import adds no second copy


def test_a_bad_photo_in_the_zip_writes_nothing_and_leaves_no_file(city, settings):
    workbook = book(row(照片="good.jpg"), row("XD-002", 照片="bad.jpg、missing.jpg"))
    files = {"good.jpg": photo("g"), "bad.jpg": b"GIF89a not really"}
    report = import_file(data=bundle(workbook, files), filename="old.zip")
    assert not report.ok
    assert all(e.column == "照片" for e in report.errors)
    assert not Visit.objects.exists() and not Photo.objects.exists()
    assert media_files(settings) == []


def test_a_dry_run_of_a_zip_leaves_no_file(city, settings):
    report = import_file(
        data=bundle(book(row(照片="one.jpg")), {"one.jpg": photo("one")}),
        filename="old.zip",
        dry_run=True,
    )
    assert report.ok and report.sheets[0].created == 1
    assert not Visit.objects.exists() and media_files(settings) == []


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.jpg": b"x"}, "workbook"),
        ({"a.xlsx": b"x", "b.xlsx": b"y"}, "several"),
    ],
)
def test_a_zip_without_exactly_one_workbook_is_refused(city, files, message):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    from django.utils.translation import override

    with override("en"):
        report = import_file(data=buffer.getvalue(), filename="x.zip")
        assert message in str(report.errors[0])


def test_the_import_command_takes_a_zip(city, tmp_path: Path, settings):
    path = tmp_path / "旧记录.zip"
    path.write_bytes(bundle(book(row(照片="one.jpg")), {"one.jpg": pictures.jpeg("cmd")}))
    call_command("import", str(path), stdout=io.StringIO())
    assert Visit.objects.get().photos.count() == 1
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bundle(book(row(包联单位="市不存在局")), {}))
    with pytest.raises(CommandError):
        call_command("import", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
