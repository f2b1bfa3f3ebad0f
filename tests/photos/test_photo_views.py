"""Photo files are served only to those who may see what the photo is attached to."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from baolian.visits.models import Visit
from tests.factories_photos import image_bytes, stored_photo


@pytest.fixture
def visit_photo(city):
    """A photo on unit A's visit to 桥东社区 (c11): the liaison's unit."""
    visit = Visit.objects.create(
        unit=city.unit_a,
        community=city.c11,
        visited_on=date(2026, 11, 2),
        reported_at=timezone.now(),
    )
    return stored_photo(7, visit=visit)


def _get(user, path):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(path)


def test_the_liaison_gets_the_original_byte_for_byte(users, visit_photo):
    response = _get(users["liaison"], f"/photos/{visit_photo.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image_bytes(7)
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert "photo7.jpg" in response["Content-Disposition"]


def test_the_display_copy_is_a_private_jpeg(users, visit_photo):
    response = _get(users["inspector"], f"/photos/{visit_photo.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    assert response["Cache-Control"].startswith("private")


@pytest.mark.parametrize("role", ["community", "street", "leader"])
def test_other_units_and_communities_get_not_found(users, visit_photo, role):
    # The community officer is at 新桥社区, the street officer and the leader in street 2.
    for path in (f"/photos/{visit_photo.pk}/", f"/photos/{visit_photo.pk}/original/"):
        assert _get(users[role], path).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(visit_photo):
    response = _get(None, f"/photos/{visit_photo.pk}/original/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_photo_attached_to_nothing_is_seen_by_the_office_only(users, db):
    photo = stored_photo(8)
    assert _get(users["admin"], f"/photos/{photo.pk}/").status_code == 200
    assert _get(users["liaison"], f"/photos/{photo.pk}/").status_code == 404


def test_stored_files_are_not_under_a_public_url(settings, visit_photo):
    # Random names in the storage; nothing in the URL configuration serves MEDIA_URL.
    assert visit_photo.original.name.count("/") == 3
    assert "photo7" not in visit_photo.original.name
    assert (
        _get(
            None, "/" + settings.MEDIA_URL.strip("/") + "/" + visit_photo.original.name
        ).status_code
        == 404
    )


def test_a_problem_photo_is_seen_by_its_community_not_by_others(users, city):
    from baolian.problems.models import Problem

    problem = Problem.objects.create(
        community=city.c12, description="垃圾桶满溢", found_on=date(2026, 11, 3)
    )
    photo = stored_photo(9, problem=problem, stage="before")
    path = f"/photos/{photo.pk}/"
    assert _get(users["community"], path).status_code == 200  # 新桥社区's officer
    assert _get(users["admin"], path).status_code == 200
    assert _get(users["street"], path).status_code == 404  # another street
