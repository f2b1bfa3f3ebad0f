"""{% link %} (baolian/web/templatetags/baolian.py) builds the URLs {% url %} would, without
a reverse() per call: same paths for every id, under a script prefix too."""

from __future__ import annotations

from django.template import Context, Template
from django.urls import reverse, set_script_prefix


def _render(text: str, **context: object) -> str:
    return Template("{% load baolian %}" + text).render(Context(context))


def test_link_matches_url_for_ids_and_plain_names() -> None:
    for pk in (1, 7, 123456):
        assert _render("{% link 'community_detail' pk %}", pk=pk) == reverse(
            "community_detail", args=[pk]
        )
        assert _render("{% link 'unit_detail' pk %}", pk=pk) == reverse("unit_detail", args=[pk])
    assert _render("{% link 'notices:inbox' %}") == reverse("notices:inbox")


def test_link_follows_the_script_prefix() -> None:
    try:
        set_script_prefix("/baolian/")
        assert _render("{% link 'community_detail' 5 %}") == "/baolian/communities/5/"
        assert _render("{% link 'search' %}") == "/baolian/search/"
    finally:
        set_script_prefix("/")
