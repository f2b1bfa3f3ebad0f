"""Dates as people type them, and names as people type them, made comparable."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baolian.lib.dates import format_cn, parse_date
from baolian.lib.text import clean_text, community_key, name_key

# The autouse fixtures (settings, tmp_path, language) hold nothing that one example could
# leave behind for the next.
examples = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

TYPED_FORMS = {
    "iso": lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}",
    "slashes": lambda d: f"{d.year:04d}/{d.month}/{d.day}",
    "dots": lambda d: f"{d.year:04d}.{d.month}.{d.day}",
    "chinese": lambda d: f"{d.year:04d}年{d.month}月{d.day}日",
    "chinese-padded": lambda d: f"{d.year:04d}年{d.month:02d}月{d.day:02d}日",
    "with-time": lambda d: f"{d.year:04d}/{d.month}/{d.day} 8:30",
    "iso-datetime": lambda d: f"{d.isoformat()}T08:30:00",
    "spaced": lambda d: f"\u3000{d.year:04d} 年 {d.month} 月 {d.day} 日 ",
}
SPACES = st.sampled_from([" ", "\u3000", "\u00a0", "\t", "  "])
# Any text, with more than chance's share of what normalising treats specially: combining
# marks, compatibility forms that NFKC spreads over a space (¨ ´) or several letters (㈱),
# half-width kana marks, full-width forms and CJK.
TRICKY = "a\u0301\u0308\u0323¨´˝ﾞﾟ㈱㍿（）［］　Ａｂ１市局村社区"
NAMES = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), st.sampled_from(TRICKY)
    ),
    max_size=30,
)
CJK_NAMES = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1)


@pytest.mark.parametrize("form", TYPED_FORMS)
@examples
@given(day=st.dates())
def test_parse_date_reads_every_date_written_in_each_typed_form(form, day):
    assert parse_date(TYPED_FORMS[form](day)) == day


@examples
@given(moment=st.datetimes())
def test_parse_date_takes_the_day_of_a_date_cell_with_a_time(moment):
    assert parse_date(moment) == moment.date()
    assert parse_date(moment.date()) == moment.date()


@examples
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    fraction=st.floats(0, 0.999),
)
def test_parse_date_reads_an_excel_serial_number_of_a_plausible_date(day, fraction):
    serial = (day - date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(serial + fraction) == day


@pytest.mark.parametrize("number", [2021, 20210405, 0, 1, 32873, 73051, -5])
def test_a_number_that_is_no_plausible_date_is_refused_not_guessed(number):
    with pytest.raises(ValueError):
        parse_date(number)


@pytest.mark.parametrize("empty", [None, "", "   ", "\u3000"])
def test_parse_date_of_an_empty_cell_is_none(empty):
    assert parse_date(empty) is None


@pytest.mark.parametrize(
    "bad", ["2021-02-29", "2021-13-01", "2021-00-10", "21-4-5", "4/5/2021", "明天", "2021", -1, 0]
)
def test_parse_date_refuses_what_is_not_a_date(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


def test_format_cn_writes_dates_as_documents_print_them():
    assert format_cn(date(2021, 6, 30)) == "2021年6月30日"
    assert format_cn(date(2021, 4, 5)) == "2021年4月5日"
    assert format_cn(None) == ""
    assert parse_date(format_cn(date(2021, 4, 5))) == date(2021, 4, 5)


@examples
@given(name=NAMES)
def test_name_key_is_idempotent(name):
    assert name_key(name_key(name)) == name_key(name)


@examples
@given(name=NAMES, cuts=st.lists(st.integers(0, 30), max_size=4), space=SPACES)
def test_name_key_ignores_spaces_inserted_anywhere(name, cuts, space):
    spaced = name
    for cut in sorted(set(cuts), reverse=True):
        spaced = spaced[:cut] + space + spaced[cut:]
    assert name_key(spaced) == name_key(name)


@examples
@given(
    before=NAMES,
    letter=st.characters(categories=["Lu", "Ll"]),
    mark=st.characters(categories=["Mn"]),
    after=NAMES,
    space=SPACES,
)
def test_name_key_ignores_a_space_typed_between_a_letter_and_its_accent(
    before, letter, mark, after, space
):
    assert name_key(before + letter + space + mark + after) == name_key(
        before + letter + mark + after
    )


@examples
@given(name=st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30))
def test_name_key_ignores_full_width_forms(name):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in name)
    assert name_key(full_width) == name_key(name)


def test_name_key_folds_the_ways_people_type_one_unit():
    assert (
        len(
            {
                name_key(n)
                for n in [
                    "市公安局(交警支队)",
                    " 市公安局（交警支队）",
                    "市公安局 （交警支队）\u3000",
                ]
            }
        )
        == 1
    )
    assert name_key("ABC银行") == name_key("ａｂｃ银行")
    assert name_key("市税务局") != name_key("市税务局稽查局")


# "上津村村民委员会" is 上津村's committee; a village itself called 上津村村 would be ambiguous
# with it, and no such village is named so: stems do not end in the kind.
@examples
@given(stem=CJK_NAMES.filter(lambda s: not s.endswith("村")))
def test_a_village_and_its_committee_have_one_key(stem):
    village = stem + "村"
    assert community_key(village + "民委员会") == community_key(village)
    assert community_key(village + "村民委员会") == community_key(village)
    assert community_key(village + "委会") == community_key(village)
    assert community_key(village + "村委会") == community_key(village)


@examples
@given(stem=CJK_NAMES.filter(lambda s: not s.endswith("社区")))
def test_a_community_and_its_residents_committee_have_one_key(stem):
    community = stem + "社区"
    assert community_key(community + "居民委员会") == community_key(community)
    assert community_key(community + "居委会") == community_key(community)
    assert community_key(stem + "居委会") == community_key(community)


def test_a_committee_word_alone_is_not_shortened():
    assert community_key("村委会") == name_key("村委会")
    assert community_key("下津村") != community_key("上津村")


def test_clean_text_trims_every_kind_of_space():
    assert clean_text("\u3000 市税务局\u00a0") == "市税务局"
    assert clean_text(None) == ""
    assert clean_text(13800000000) == "13800000000"
