"""Reporting a visit: one visit per submission, refused with the reason, nothing half-stored."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from baolian.photos.models import Photo
from baolian.photos.services import PhotoRejected
from baolian.visits import services
from baolian.visits.models import Visit
from tests.visits.conftest import media_files, photo


def test_a_retried_submission_returns_the_first_visit_and_stores_nothing_more(report, settings):
    client_id = uuid.uuid4()
    first, created = report(client_id=client_id)
    files = len(media_files(settings))
    again, created_again = report(client_id=client_id, photos=[photo("other")])
    assert created and not created_again
    assert again.pk == first.pk
    assert Visit.objects.count() == 1
    assert Photo.objects.count() == 1
    assert len(media_files(settings)) == files


def test_it_rejects_a_visit_to_an_unpaired_community(report, city):
    with pytest.raises(services.VisitRefused) as refused:
        report(community=city.c12)
    assert "未与" in str(refused.value.message) or "not paired" in str(refused.value.message)
    assert city.c12.name in str(refused.value.message)
    assert not Visit.objects.exists()


def test_it_rejects_a_visit_before_the_pairing_started(report):
    with pytest.raises(services.VisitRefused) as refused:
        report(visited_on=date(2021, 3, 31))
    assert "2021年4月1日" in str(refused.value.message)


def test_it_rejects_a_visit_after_the_pairing_ended(report, city):
    pairing = city.pairings[0]
    pairing.ended_on = date(2021, 6, 30)
    pairing.save()
    with pytest.raises(services.VisitRefused) as refused:
        report(visited_on=date(2021, 7, 1))
    assert "2021年6月30日" in str(refused.value.message)
    # the ended pairing's earlier days still take visits
    visit, _created = report(visited_on=date(2021, 6, 30))
    assert visit.pk


def test_a_liaison_cannot_report_for_another_unit(report, city):
    with pytest.raises(services.VisitRefused):
        report(unit=city.unit_b, community=city.c12)


@pytest.mark.parametrize("role", ["admin", "inspector"])
def test_the_office_and_inspectors_report_on_behalf_of_a_unit(report, city, users, role):
    visit, created = report(user=role, unit=city.unit_b, community=city.c12)
    assert created and visit.unit == city.unit_b and visit.reported_by == users[role]


@pytest.mark.parametrize("role", ["leader", "street", "community"])
def test_other_roles_cannot_report(report, role):
    with pytest.raises(services.VisitRefused):
        report(user=role)


def test_a_rejected_photo_leaves_neither_visit_nor_file(report, settings):
    with pytest.raises(PhotoRejected):
        report(photos=[photo("good"), b"this is not a picture at all"])
    assert not Visit.objects.exists()
    assert not Photo.objects.exists()
    assert media_files(settings) == []


def test_a_visit_needs_a_photo_and_a_kind(report):
    with pytest.raises(services.VisitRefused) as no_photo:
        report(photos=[])
    assert no_photo.value.field == "photos"
    with pytest.raises(services.VisitRefused) as no_kind:
        report(kinds=[])
    assert no_kind.value.field == "kinds"


def test_someone_elses_submission_id_is_refused_not_revealed(report, city):
    client_id = uuid.uuid4()
    report(user="admin", unit=city.unit_c, community=city.c21, client_id=client_id)
    with pytest.raises(services.VisitRefused):
        report(client_id=client_id)


def test_photos_are_decoded_before_the_visits_transaction_opens(report, monkeypatch):
    """SQLite has one writer: decoding inside the transaction held every other writer back."""
    from django.db import connection

    from baolian.photos import services as photo_services

    outside = len(connection.atomic_blocks)
    depths = []
    real = photo_services._decode

    def spying(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return real(*args, **kwargs)

    monkeypatch.setattr(photo_services, "_decode", spying)
    visit, created = report(photos=[photo("one"), photo("two")])
    assert created and visit.photos.count() == 2
    assert depths == [outside, outside]


def test_a_failure_inside_the_transaction_leaves_neither_visit_nor_file(
    report, settings, monkeypatch
):
    # The photos' files are written ahead of the transaction; when it then fails, they go.
    def failing(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "visit_flags_refresh", failing)
    with pytest.raises(RuntimeError):
        report(photos=[photo("one"), photo("two")])
    assert not Visit.objects.exists()
    assert not Photo.objects.exists()
    assert media_files(settings) == []
