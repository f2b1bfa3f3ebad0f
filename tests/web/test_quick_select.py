"""QuickSelect writes a filter's drop-down without Django's templates: the same element,
options, labels and selection as Django's own Select, for any choices and value."""

from __future__ import annotations

from html.parser import HTMLParser

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from baolian.lib.choices import QuickSelect


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.select: dict[str, str | None] = {}
        self.options: list[list] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "select":
            self.select = dict(attrs)
        elif tag == "option":
            found = dict(attrs)
            self.options.append([found.get("value"), "selected" in found, ""])

    def handle_data(self, data: str) -> None:
        if self.options and data.strip():
            self.options[-1][2] += data.strip()


def _parse(html: str) -> tuple[dict, list]:
    parser = _Parsed()
    parser.feed(html)
    return parser.select, parser.options


text = st.text(alphabet=st.sampled_from("ab<>&\"' 未开始"), max_size=6)
choices = st.lists(st.tuples(st.one_of(text, st.integers(0, 9)), text), max_size=6)


@given(
    choices=choices,
    value=st.one_of(st.none(), text, st.integers(0, 9)),
    required=st.booleans(),
)
def test_quick_select_renders_what_djangos_select_renders(choices, value, required):
    attrs = {"id": "id_kind", "required": required, "class": 'x"y'}
    ours = QuickSelect(choices=[("", "—"), *choices]).render("kind", value, attrs)
    django = forms.Select(choices=[("", "—"), *choices]).render("kind", value, attrs)
    assert _parse(str(ours)) == _parse(str(django))


def test_a_filter_field_keeps_its_choice_through_a_bound_form():
    class Filter(forms.Form):
        state = forms.ChoiceField(
            choices=[("", "全部"), ("open", "待整改"), ("closed", "已销号")],
            required=False,
            widget=QuickSelect,
        )

    html = str(Filter({"state": "closed"})["state"])
    select, options = _parse(html)
    assert select["id"] == "id_state"
    assert [o for o in options if o[1]] == [["closed", True, "已销号"]]
