"""Good roster files: what each sheet creates, and how typed names and dates are read."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from tests.factories import CommunityFactory, PairingFactory, StreetFactory, UnitFactory
from tests.imports.conftest import (
    PAIRINGS,
    UNITS,
    counts,
    csv_bytes,
    messages,
    roster_sheets_rows,
    run_import,
)
from tests.workbooks import xlsx


def test_it_creates_the_whole_roster_from_one_workbook_of_five_sheets(db):
    report = run_import(xlsx(roster_sheets_rows()))

    assert report.errors == []
    assert report.written
    assert counts(report) == {
        "街道镇": (2, 0, 0),
        "社区村": (4, 0, 0),
        "包联单位": (4, 0, 0),
        "包联领导": (2, 0, 0),
        "包联关系": (4, 0, 0),
    }
    taiping = Street.objects.get(name="太平街道")
    assert (taiping.kind, taiping.district, taiping.code) == ("subdistrict", "湘桥区", "445102001")
    assert Street.objects.get(name="西湖镇").kind == "town"
    qiaodong = Community.objects.get(street=taiping, name="桥东社区")
    assert (qiaodong.latitude, qiaodong.longitude) == (Decimal("23.661200"), Decimal("116.640100"))
    assert qiaodong.code == "445102001001"
    assert Community.objects.get(name="下津村").kind == "village"
    assert Unit.objects.get(name="市税务局").liaison_phone == "13800000002"
    assert Leader.objects.get(name="王芳").title == "市政协副主席"
    pairing = Pairing.objects.get(unit__name="市税务局")
    assert (pairing.community, pairing.leader.name) == (
        Community.objects.get(name="新桥社区"),
        "李明",
    )
    assert (pairing.started_on, pairing.ended_on) == (date(2021, 4, 1), date(2021, 12, 31))
    assert Pairing.objects.get(unit__name="市档案馆").leader is None


def test_it_keeps_the_units_in_the_sheets_official_order_not_alphabetical(db):
    report = run_import(xlsx({"包联单位": UNITS}))

    assert report.errors == []
    names = [row[0] for row in UNITS[1:]]
    assert list(Unit.objects.values_list("name", "sort_order")) == [
        (name, position) for position, name in enumerate(names, start=1)
    ]


def test_it_appends_units_of_a_partial_sheet_after_the_existing_roster(db):
    first, second = (
        UnitFactory(name="市委办公室", sort_order=1),
        UnitFactory(name="市税务局", sort_order=2),
    )

    report = run_import(xlsx({"包联单位": [["名称"], ["市档案馆"], ["市委办公室"], ["市财政局"]]}))

    assert report.errors == []
    assert counts(report) == {"包联单位": (2, 0, 1)}
    assert list(Unit.objects.values_list("name", flat=True)) == [
        first.name,
        second.name,
        "市档案馆",
        "市财政局",
    ]
    assert list(Unit.objects.values_list("sort_order", flat=True)) == [1, 2, 3, 4]


def test_a_sheet_listing_every_unit_in_a_new_order_becomes_the_official_order(db):
    UnitFactory(name="市委办公室", sort_order=1)
    UnitFactory(name="市税务局", sort_order=2)

    report = run_import(xlsx({"包联单位": [["名称"], ["市税务局"], ["市档案馆"], ["市委办公室"]]}))

    assert report.errors == []
    assert list(Unit.objects.values_list("name", "sort_order")) == [
        ("市税务局", 1),
        ("市档案馆", 2),
        ("市委办公室", 3),
    ]
    moved = {r.label: r.changes for r in report.sheets[0].results if r.outcome == "updated"}
    assert moved == {
        "市税务局": {"official order": ("2", "1")},
        "市委办公室": {"official order": ("1", "3")},
    }


def test_it_pairs_with_the_community_of_the_named_street_when_two_share_a_name(city):
    rows = [PAIRINGS[0], ["市档案馆", "桥东社区", "西湖镇", "王芳", "2021-04-01", None]]

    report = run_import(xlsx({"包联关系": rows}))

    assert report.errors == []
    assert Pairing.objects.get(unit=city.unit_c, community__name="桥东社区").community == city.c22
    assert not Pairing.objects.filter(unit=city.unit_c, community=city.c11).exists()


def test_it_updates_the_community_of_the_named_street_only(city):
    rows = [["名称", "所属街道镇", "编码"], ["桥东社区", "西湖镇", "X-22"]]

    report = run_import(xlsx({"社区村": rows}))

    assert report.errors == []
    city.c11.refresh_from_db()
    city.c22.refresh_from_db()
    assert (city.c11.code, city.c22.code) == ("", "X-22")


def test_names_match_after_trimming_spaces_and_folding_full_width_forms(city):
    UnitFactory(name="市公安局(交警支队)")
    UnitFactory(name="市第1中学")
    rows = [
        PAIRINGS[0],
        ["市税务局 ", " 新桥社区", "东城街道\u3000", "李明", "2021-04-01", None],
        ["市公安局（交警支队）", "桥东社区", "东 城 街 道", "王芳", "2021-04-01", None],
        ["市第１中学", "下津村", "西湖镇", " 王 芳 ", "2021-04-01", None],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert report.errors == []
    assert counts(report) == {"包联关系": (2, 0, 1)}
    assert Pairing.objects.get(unit__name="市公安局(交警支队)").community == city.c11
    assert Pairing.objects.get(unit__name="市第1中学").leader == city.leader2
    assert Unit.objects.count() == 5


def test_a_unit_typed_with_a_trailing_space_or_full_width_brackets_is_the_same_unit(db):
    UnitFactory(name="市税务局")
    UnitFactory(name="市公安局(交警支队)")

    report = run_import(xlsx({"包联单位": [["名称"], ["市税务局 "], ["市公安局（交警支队）"]]}))

    assert report.errors == []
    assert counts(report)["包联单位"][0] == 0
    assert Unit.objects.count() == 2


def test_a_village_typed_short_matches_its_official_committee_name(db):
    street = StreetFactory(name="西湖镇")
    official = CommunityFactory(street=street, name="下津村民委员会", kind="village")
    committee = CommunityFactory(street=street, name="上津村村民委员会", kind="village")
    neighbourhood = CommunityFactory(street=street, name="湖滨社区居委会")
    UnitFactory(name="市档案馆")
    rows = [
        ["包联单位", "社区村", "所属街道镇", "开始日期"],
        ["市档案馆", "下津村", "西湖镇", "2021-04-01"],
        ["市档案馆", "上津村", "西湖镇", "2021-04-01"],
        ["市档案馆", "湖滨社区", "西湖镇", "2021-04-01"],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert messages(report) == []
    assert set(Pairing.objects.values_list("community", flat=True)) == {
        official.pk,
        committee.pk,
        neighbourhood.pk,
    }


def test_a_village_committee_name_on_the_sheet_matches_the_village_on_record(db):
    street = StreetFactory(name="西湖镇")
    village = CommunityFactory(street=street, name="下津村", kind="village")
    UnitFactory(name="市档案馆")
    rows = [
        ["包联单位", "社区村", "所属街道镇", "开始日期"],
        ["市档案馆", "下津村村委会", "西湖镇", "2021-04-01"],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert report.errors == []
    assert Pairing.objects.get().community == village


def test_it_reads_dates_as_date_cells_and_in_every_typed_form(city):
    typed = [
        datetime(2021, 4, 5, 0, 0),
        date(2021, 4, 5),
        "2021-04-05",
        "2021/4/5",
        "2021.4.5",
        "2021年4月5日",
        " 2021-4-5 ",
        "2021/04/05 08:30",
    ]
    for form in typed:
        unit = UnitFactory()
        rows = [
            ["包联单位", "社区村", "所属街道镇", "开始日期"],
            [unit.name, "下津村", "西湖镇", form],
        ]

        report = run_import(xlsx({"包联关系": rows}))

        assert report.errors == [], form
        assert Pairing.objects.get(unit=unit).started_on == date(2021, 4, 5), form


def test_it_reads_a_date_cell_saved_as_a_plain_excel_serial_number(city):
    rows = [
        ["包联单位", "社区村", "所属街道镇", "开始日期"],
        ["市档案馆", "下津村", "西湖镇", 44291],
    ]

    report = run_import(xlsx({"包联关系": rows}))

    assert report.errors == []
    assert Pairing.objects.get(unit=city.unit_c).started_on == date(2021, 4, 5)


def test_kind_columns_accept_the_labels_people_type(db):
    rows = [
        ["名称", "类型（街道/镇）"],
        ["太平街道", " 街道 "],
        ["西湖镇", "镇"],
        ["凤凰乡", "乡"],
        ["意溪镇", None],
    ]

    report = run_import(xlsx({"街道镇": rows}))

    assert report.errors == []
    assert dict(Street.objects.values_list("name", "kind")) == {
        "太平街道": "subdistrict",
        "西湖镇": "town",
        "凤凰乡": "town",
        "意溪镇": "town",
    }


def test_empty_rows_between_and_after_the_data_are_skipped(db):
    rows = [UNITS[0], UNITS[1], [None, None, None, None], ["  ", "", None, "\u3000"], UNITS[2], []]

    report = run_import(xlsx({"包联单位": rows}))

    assert report.errors == []
    assert counts(report) == {"包联单位": (2, 0, 0)}


def test_numbers_typed_as_text_columns_keep_their_digits(db):
    rows = [["名称", "联系电话"], ["市税务局", 13800000002], ["市档案馆", 13800000003.0]]

    report = run_import(xlsx({"包联单位": rows}))

    assert report.errors == []
    assert list(Unit.objects.values_list("liaison_phone", flat=True)) == [
        "13800000002",
        "13800000003",
    ]


def test_optional_columns_may_be_left_out_and_keep_what_is_recorded(db):
    UnitFactory(name="市税务局", liaison_name="林华", liaison_phone="13800000002")

    report = run_import(xlsx({"包联单位": [["名称", "单位类别"], ["市税务局", "中央驻市单位"]]}))

    assert report.errors == []
    unit = Unit.objects.get()
    assert (unit.category, unit.liaison_name, unit.liaison_phone) == (
        "中央驻市单位",
        "林华",
        "13800000002",
    )


def test_habitual_columns_like_a_row_number_and_remarks_are_ignored(db):
    rows = [["序号", "名称", "备注"], [1, "市税务局", "新增"], [2, "市档案馆", None]]

    report = run_import(xlsx({"包联单位": rows}))

    assert report.errors == []
    assert list(Unit.objects.values_list("name", flat=True)) == ["市税务局", "市档案馆"]


def test_a_title_row_above_the_header_is_allowed(db):
    rows = [["2021年市级包联单位名单"], [], ["名称", "联络员"], ["市税务局", "林华"]]

    report = run_import(xlsx({"包联单位": rows}))

    assert report.errors == []
    assert Unit.objects.get().liaison_name == "林华"


def test_a_csv_in_utf8_with_a_bom_named_after_its_sheet_imports(db):
    data = csv_bytes(UNITS, "utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")

    report = run_import(data, "包联单位.csv")

    assert report.errors == []
    assert list(Unit.objects.values_list("name", flat=True)) == [r[0] for r in UNITS[1:]]


def test_a_csv_saved_by_chinese_excel_in_gbk_imports(db):
    data = csv_bytes(UNITS, "gb18030")
    assert "市税务局".encode("gb18030") in data

    report = run_import(data, "包联单位.csv")

    assert report.errors == []
    assert list(Unit.objects.values_list("name", flat=True)) == [r[0] for r in UNITS[1:]]


def test_a_csv_of_pairings_reads_its_typed_dates(city):
    rows = [
        ["包联单位", "社区村", "所属街道镇", "开始日期", "结束日期"],
        ["市档案馆", "下津村", "西湖镇", "2021年5月1日", "2021.12.31"],
    ]

    report = run_import(csv_bytes(rows, "gb18030"), "包联关系.csv")

    assert report.errors == []
    pairing = Pairing.objects.get(unit=city.unit_c)
    assert (pairing.started_on, pairing.ended_on) == (date(2021, 5, 1), date(2021, 12, 31))


def test_a_csv_with_another_name_is_recognised_by_its_headers(db):
    report = run_import(csv_bytes(UNITS, "utf-8-sig"), "export-2021.csv")

    assert report.errors == []
    assert counts(report) == {"包联单位": (4, 0, 0)}


def test_an_empty_end_date_cell_clears_a_recorded_end_date(city):
    PairingFactory(unit=UnitFactory(name="市财政局"), community=city.c22, ended_on=date(2021, 9, 1))
    rows = [PAIRINGS[0], ["市财政局", "桥东社区", "西湖镇", None, "2021-04-01", None]]

    report = run_import(xlsx({"包联关系": rows}))

    assert report.errors == []
    pairing = Pairing.objects.get(unit__name="市财政局")
    assert pairing.ended_on is None
    assert pairing.leader is None


@pytest.mark.parametrize("sheet", ["街道镇", "社区村", "包联单位", "包联领导", "包联关系"])
def test_each_roster_sheet_saved_as_a_csv_with_any_name_is_recognised(db, sheet):
    assert run_import(xlsx(roster_sheets_rows())).errors == []

    report = run_import(csv_bytes(roster_sheets_rows()[sheet], "utf-8-sig"), "export (1).csv")

    assert report.errors == []
    assert [s.name for s in report.sheets] == [sheet]
    assert report.changed == 0


def test_a_csv_separated_by_semicolons_imports(db):
    data = "名称;联络员;联系电话\n市税务局;林华;'13800000002\n".encode("utf-8-sig")

    report = run_import(data, "包联单位.csv")

    assert report.ok, messages(report)
    unit = Unit.objects.get()
    assert (unit.name, unit.liaison_name) == ("市税务局", "林华")
    assert unit.liaison_phone == "13800000002"  # Excel's text apostrophe dropped


def test_progress_is_reported_row_by_row_up_to_the_total(db):
    totals, done = [], []
    data = xlsx(roster_sheets_rows())

    report = run_import_with_progress(data, on_total=totals.append, on_row=done.append)

    assert report.ok, messages(report)
    rows = sum(len(rows) - 1 for rows in roster_sheets_rows().values())
    assert totals == [rows]
    assert sum(done) == rows


def run_import_with_progress(data: bytes, **progress: object) -> object:
    from baolian.imports.engine import import_file

    return import_file(data=data, filename="roster.xlsx", **progress)


def test_a_csv_with_a_title_line_full_of_chinese_commas_is_read_by_its_real_separator(db):
    data = (
        "说明：名称必填，类别选填，联络员选填，电话选填，日期写2021-04-01,,,\n"
        "名称,单位类别,联络员,联系电话\n"
        "市税务局,中央驻市单位,林华,13800000002\n"
    ).encode("utf-8-sig")

    report = run_import(data, "包联单位.csv")

    assert report.ok, messages(report)
    assert Unit.objects.get().liaison_name == "林华"
