"""The dashboard's data tag: the very text Django's `json_script` gives, whatever the data
(names typed by people: `</script>`, `&`, quotes, any Unicode)."""

from __future__ import annotations

from django.utils.html import json_script
from hypothesis import given
from hypothesis import strategies as st

from baolian.dashboard.selectors import json_script_tag

# Text rich in what HTML and JSON escape, beside any character.
text = st.text(st.sampled_from("<>&\"'/\\ 社区\u2028") | st.characters())
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)


@given(value=json_values)
def test_the_tag_is_djangos_json_script(value):
    assert json_script_tag(value, "dashboard-data") == json_script(value, "dashboard-data")


def test_a_name_that_closes_the_script_cannot_end_it():
    tag = json_script_tag({"name": "</script><script>alert(1)</script>&"}, "dashboard-data")
    assert tag.count("</script>") == 1
    assert "\\u003C/script\\u003E" in tag and "\\u0026" in tag
