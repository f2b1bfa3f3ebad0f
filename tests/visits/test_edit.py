"""Correcting a visit after sending it: every field the reporter gave, and its photos, with
the evidence checks run again and the history kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from baolian.photos.models import Photo
from baolian.photos.services import PhotoRejected
from baolian.visits import services
from baolian.visits.models import Confirmation, FlagKind, VisitKind
from tests.visits.conftest import LONG_SUMMARY, media_files, photo


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def flags(visit) -> set[str]:
    return set(visit.flags.values_list("kind", flat=True))


def upload(data: bytes, name: str) -> services.PhotoUpload:
    return services.PhotoUpload(name, data)


def test_the_liaison_changes_every_field_over_http_and_the_history_keeps_them(users, city, report):
    visit, _ = report(photos=[photo("a", day=date(2021, 5, 10))])
    client = client_for(users["liaison"])
    data = {
        "visited_on": "2021-05-09",
        "leader": city.leader1.pk,
        "unit_head_led": "on",
        "participants": "12",
        "kinds": [VisitKind.CLEANUP.value, VisitKind.PUBLICITY.value],
        "summary": LONG_SUMMARY,
        "findings": "垃圾清运不及时",
    }
    assert client.post(f"/visits/{visit.pk}/edit/", data).status_code == 302
    visit.refresh_from_db()
    assert visit.visited_on == date(2021, 5, 9)
    assert visit.leader == city.leader1 and visit.unit_head_led and visit.participants == 12
    assert set(visit.kind_list) == {VisitKind.CLEANUP, VisitKind.PUBLICITY}
    # The photo was taken on the 10th: the checks ran again on the new date.
    assert FlagKind.OTHER_DAY in flags(visit)
    history = client.get(f"/visits/{visit.pk}/").context["history"]
    changes = history[-1].changes
    assert ("日期", "2021-05-10", "2021-05-09") in changes
    assert history[-1].actor == users["liaison"]


def test_a_date_outside_the_pairing_is_refused_with_the_reason(users, city, report):
    visit, _ = report()
    client = client_for(users["liaison"])
    data = {"visited_on": "2021-03-31", "kinds": [VisitKind.SURVEY.value]}
    response = client.post(f"/visits/{visit.pk}/edit/", data)
    assert response.status_code == 400
    assert "2021年4月1日" in response.content.decode()
    visit.refresh_from_db()
    assert visit.visited_on == date(2021, 5, 10)
    with pytest.raises(services.VisitRefused) as refused:
        services.visit_edit(
            user=users["liaison"], visit=visit, kinds=[1], visited_on=date(2099, 1, 1)
        )
    assert refused.value.field == "visited_on"


def test_adding_a_reused_photo_flags_the_visit_and_removing_it_clears_the_flag(users, city, report):
    first, _ = report(photos=[photo("reused")], visited_on=date(2021, 5, 10))
    second, _ = report(photos=[photo("own", day=date(2021, 5, 20))], visited_on=date(2021, 5, 20))
    assert FlagKind.REUSED_PHOTO not in flags(second)
    services.visit_edit(
        user=users["liaison"],
        visit=second,
        kinds=[VisitKind.INSPECTION],
        add_photos=[upload(photo("reused"), "again.jpg")],
    )
    assert second.photos.count() == 2
    assert FlagKind.REUSED_PHOTO in flags(second)
    assert f"{first.pk}" in second.flags.get(kind=FlagKind.REUSED_PHOTO).reason

    again = second.photos.get(original_name="again.jpg")
    client = client_for(users["liaison"])
    data = {
        "kinds": [VisitKind.INSPECTION.value],
        "summary": LONG_SUMMARY,
        "findings": "垃圾清运不及时",
        "remove_photos": [again.pk],
    }
    assert client.post(f"/visits/{second.pk}/edit/", data).status_code == 302
    assert list(second.photos.values_list("original_name", flat=True)) == ["p0.jpg"]
    assert FlagKind.REUSED_PHOTO not in flags(second)
    # Taken off, not destroyed: the row and its files stay for the office.
    again.refresh_from_db()
    assert again.visit_id is None
    history = client.get(f"/visits/{second.pk}/").context["history"]
    photo_lines = [c for line in history for c in line.changes if c[0] == "照片"]
    assert photo_lines == [
        ("照片", "p0.jpg", "p0.jpg、again.jpg"),
        ("照片", "p0.jpg、again.jpg", "p0.jpg"),
    ]
    assert history[-1].actor == users["liaison"]


def test_photos_are_added_over_http(users, city, report):
    visit, _ = report()
    client = client_for(users["liaison"])
    data = {
        "kinds": [VisitKind.INSPECTION.value],
        "photos": [SimpleUploadedFile("new.jpg", photo("new"), "image/jpeg")],
    }
    assert client.post(f"/visits/{visit.pk}/edit/", data).status_code == 302
    assert set(visit.photos.values_list("original_name", flat=True)) == {"p0.jpg", "new.jpg"}


def test_the_last_photo_cannot_be_taken_off(users, report):
    visit, _ = report()
    only = visit.photos.get()
    with pytest.raises(services.VisitRefused) as refused:
        services.visit_edit(user=users["liaison"], visit=visit, kinds=[1], remove_photos=[only.pk])
    assert refused.value.field == "photos"
    assert visit.photos.count() == 1


def test_another_visits_photo_cannot_be_taken_off(users, city, report):
    mine, _ = report()
    theirs, _ = report(user="admin", unit=city.unit_b, community=city.c12, photos=[photo("b")])
    with pytest.raises(services.VisitRefused):
        services.visit_edit(
            user=users["liaison"],
            visit=mine,
            kinds=[1],
            remove_photos=[theirs.photos.get().pk],
        )
    assert theirs.photos.count() == 1


def test_a_bad_added_photo_changes_nothing_and_leaves_no_file(users, report, settings):
    visit, _ = report()
    files = media_files(settings)
    with pytest.raises(PhotoRejected):
        services.visit_edit(
            user=users["liaison"],
            visit=visit,
            kinds=[VisitKind.SURVEY],
            participants=40,
            add_photos=[upload(photo("good"), "good.jpg"), upload(b"%PDF-1.4", "bad.jpg")],
        )
    visit.refresh_from_db()
    assert visit.participants != 40 and visit.photos.count() == 1
    assert Photo.objects.count() == 1 and media_files(settings) == files


def test_a_confirmed_visit_is_edited_by_the_office_only(users, city, report):
    visit, _ = report()
    visit.confirmation = Confirmation.CONFIRMED
    visit.save()
    with pytest.raises(services.VisitRefused):
        services.visit_edit(user=users["liaison"], visit=visit, kinds=[1])
    services.visit_edit(user=users["admin"], visit=visit, kinds=[1], visited_on=date(2021, 5, 11))
    visit.refresh_from_db()
    assert visit.visited_on == date(2021, 5, 11)
