from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from baolian.accounts.models import Role, User
from baolian.cli import main as baolian_main
from baolian.roster.models import Pairing, Unit
from tests.workbooks import xlsx


def _workbook(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(sheets))
    return path


GOOD = {
    "街道镇": [["名称", "类型(街道/镇)"], ["东城街道", "街道"]],
    "社区村": [["名称", "所属街道镇"], ["桥东社区", "东城街道"]],
    "包联单位": [["名称"], ["市卫生健康局"], ["市税务局"]],
    "包联关系": [["包联单位", "社区村", "开始日期"], ["市税务局", "桥东社区", "2021/4/1"]],
}


def test_baolian_help_lists_the_commands_in_chinese_and_english(capsys):
    baolian_main(["baolian", "--help"])
    out = capsys.readouterr().out
    for command in ("serve", "demo", "import", "export", "template", "createuser", "check"):
        assert command in out
    assert "导入" in out and "import a workbook" in out


@pytest.mark.django_db
def test_import_dry_run_writes_nothing_and_the_real_run_writes(tmp_path):
    path = _workbook(tmp_path, GOOD)
    out = io.StringIO()
    call_command("import", str(path), "--dry-run", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["ok"] and not report["written"]
    assert {s["sheet"]: s["created"] for s in report["sheets"]}["包联单位"] == 2
    assert Unit.objects.count() == 0

    call_command("import", str(path), stdout=io.StringIO())
    assert list(Unit.objects.values_list("name", flat=True)) == ["市卫生健康局", "市税务局"]
    assert Pairing.objects.get().unit.name == "市税务局"


@pytest.mark.django_db
def test_import_with_problems_exits_non_zero_and_lists_every_problem(tmp_path):
    bad = {
        "包联关系": [
            ["包联单位", "社区村", "开始日期"],
            ["无此单位", "桥东社区", "2021/4/1"],
            ["市税务局", "桥东社区", "四月一日"],
        ]
    }
    path = _workbook(tmp_path, bad)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--lang", "en", stdout=io.StringIO(), stderr=err)
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    # every problem at once, top to bottom: the bad date does not hide row 3's unknown names
    assert [line.split(":")[0] for line in lines] == [
        "sheet “包联关系”, row 2, column A (包联单位)",
        "sheet “包联关系”, row 2, column B (社区村)",
        "sheet “包联关系”, row 3, column C (开始日期)",
        "sheet “包联关系”, row 3, column A (包联单位)",
        "sheet “包联关系”, row 3, column B (社区村)",
    ]
    assert "无此单位" in lines[0] and "四月一日" in lines[2]


@pytest.mark.django_db
def test_export_then_import_changes_nothing(tmp_path):
    call_command("import", str(_workbook(tmp_path, GOOD)), stdout=io.StringIO())
    exported = tmp_path / "export.xlsx"
    call_command("export", "-o", str(exported), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import", str(exported), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["ok"]
    assert all(s["created"] == 0 and s["updated"] == 0 for s in report["sheets"])
    assert sum(s["unchanged"] for s in report["sheets"]) == 5


@pytest.mark.django_db
def test_template_command_writes_a_workbook_with_the_import_sheets(tmp_path):
    path = tmp_path / "t.xlsx"
    call_command("template", "-o", str(path), stdout=io.StringIO())
    names = openpyxl.load_workbook(path).sheetnames
    assert {"街道镇", "社区村", "包联单位", "包联领导", "包联关系"} <= set(names)


@pytest.mark.django_db
def test_createuser_binds_a_liaison_to_their_unit(tmp_path, monkeypatch):
    call_command("import", str(_workbook(tmp_path, GOOD)), stdout=io.StringIO())
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-passphrase\n"))
    call_command(
        "createuser",
        "chen",
        "--role",
        "liaison",
        "--unit",
        "市税务局 ",
        "--password-stdin",
        stdout=io.StringIO(),
    )
    user = User.objects.get(username="chen")
    assert user.role == Role.LIAISON and user.unit.name == "市税务局"
    assert user.check_password("a-long-enough-passphrase")


@pytest.mark.django_db
def test_createuser_refuses_a_weak_password_and_a_missing_binding(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("12345678\n"))
    with pytest.raises(CommandError):
        call_command("createuser", "weak", "--role", "inspector", "--password-stdin")
    with pytest.raises(CommandError):
        call_command("createuser", "nobody", "--role", "liaison", "--password-stdin")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_failed_import_prints_no_counts_of_what_would_have_been_written(tmp_path):
    bad = {
        "包联单位": [["名称"], ["市新单位"]],
        "包联关系": [["包联单位", "社区村", "开始日期"], ["市新单位", "无此社区", "2021/4/1"]],
    }
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", str(_workbook(tmp_path, bad)), "--lang", "en", stdout=out, stderr=err
        )
    assert "new" not in out.getvalue()
    assert "无此社区" in err.getvalue()
