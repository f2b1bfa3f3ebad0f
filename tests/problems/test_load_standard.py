"""`baolian load_standard`: the office corrects the catalogue's wording from a file."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from baolian.problems.models import StandardItem
from baolian.problems.standard import SHIPPED


def test_loading_the_shipped_file_again_changes_nothing(db):
    out = io.StringIO()
    call_command("load_standard", stdout=out)
    assert "created 0" in out.getvalue() and "updated 0" in out.getvalue()


def test_a_corrected_file_updates_wording_by_code(db, tmp_path):
    text = SHIPPED.read_text("utf-8").replace(
        "I09,item,9,C2,全面开展控烟工作", "I09,item,9,C2,（已核对）全面开展控烟工作"
    )
    text = text.replace(
        "I09,item,9,C2,（已核对）全面开展控烟工作，室内公共场所、工作场所和公共交通工具全面禁止吸烟,1",
        "I09,item,9,C2,（已核对）全面开展控烟工作，室内公共场所、工作场所和公共交通工具全面禁止吸烟,0",
    )
    corrected = tmp_path / "standard.csv"
    corrected.write_text(text, "utf-8")
    call_command("load_standard", str(corrected), stdout=io.StringIO())
    item = StandardItem.objects.get(code="I09")
    assert item.title.startswith("（已核对）") and not item.uncertain
    assert StandardItem.objects.count() == 63


def test_a_file_with_a_dangling_parent_is_refused_whole(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("编码,层级,序号,上级,名称,待核实\nK99,check,,I99,新检查项,0\n", "utf-8")
    with pytest.raises(CommandError, match="上级"):
        call_command("load_standard", str(bad), stdout=io.StringIO())
    assert not StandardItem.objects.filter(code="K99").exists()
