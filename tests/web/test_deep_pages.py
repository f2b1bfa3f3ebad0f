"""A page deep in a long list: the same rows as Django's paginator gives, with the skipped
rows read by id alone (issue 5: page 500 of a province's communities)."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baolian.lib import paging
from baolian.roster.models import Community
from baolian.roster.selectors import community_list
from tests.factories import CommunityFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communities(db, users):
    streets = [StreetFactory(sort_order=order) for order in (3, 1, 2)]
    # Orders that tie and interleave, so only the whole ordering decides a page.
    for n in range(37):
        CommunityFactory(street=streets[n % 3], sort_order=n % 5)
    return users


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    per_page=st.integers(1, 12),
    orphans=st.integers(0, 3),
    deep=st.integers(0, 20),
    role=st.sampled_from(["admin", "leader", "street"]),
)
def test_every_page_holds_the_rows_djangos_paginator_gives(
    per_page, orphans, deep, role, communities, monkeypatch
):
    monkeypatch.setattr(paging, "DEEP", deep)
    rows = community_list(user=communities[role])
    ours = paging.Paginator(rows, per_page, orphans=orphans)
    theirs = DjangoPaginator(rows, per_page, orphans=orphans)
    assert ours.num_pages == theirs.num_pages
    for number in ours.page_range:
        page = ours.page(number)
        assert [c.pk for c in page] == [c.pk for c in theirs.page(number)]
        # What the page's rows show beside themselves is loaded for them as before.
        assert all(hasattr(c, "visible_pairings") for c in page)


def test_the_rows_a_deep_page_skips_are_read_by_id_alone(communities, monkeypatch):
    monkeypatch.setattr(paging, "DEEP", 10)
    rows = community_list(user=communities["admin"])
    with CaptureQueriesContext(connection) as queries:
        page = paging.Paginator(rows, 5).page(4)
        list(page)
    skipping = [q["sql"] for q in queries.captured_queries if "OFFSET" in q["sql"].upper()]
    assert len(skipping) == 1
    selected = skipping[0].upper().split(" FROM ")[0]
    assert '"NAME"' not in selected and selected.count(",") == 0, selected
    assert len(page) == 5 and Community.objects.count() >= 20


def test_a_values_list_or_a_sliced_list_is_paged_as_django_pages_it(communities, monkeypatch):
    """Rows without a primary key to key by (values()) and lists already cut are read in one
    step, as Django reads them."""
    monkeypatch.setattr(paging, "DEEP", 0)
    values = Community.objects.order_by("sort_order", "id").values("id", "name")
    assert list(paging.Paginator(values, 4).page(2)) == list(DjangoPaginator(values, 4).page(2))
    cut = Community.objects.order_by("id")[:10]
    assert [c.pk for c in paging.Paginator(cut, 4).page(2)] == [
        c.pk for c in DjangoPaginator(cut, 4).page(2)
    ]
