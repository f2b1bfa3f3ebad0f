"""`baolian backup` and `baolian restore`: everything comes back, nothing unsafe gets in."""

from __future__ import annotations

import io
import json
import tarfile
from datetime import date, datetime
from datetime import timezone as tz

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from baolian.accounts.models import User
from baolian.photos.models import Photo
from baolian.roster.models import Community, Pairing, Street, Unit
from baolian.visits.models import Visit

PHOTO = b"\xff\xd8\xff\xe0 a photo's bytes \x00\x01\x02"


@pytest.fixture
def instance(transactional_db, city, users):
    """The city, its people, a visit and its photo file: committed, like a running server."""
    visit = Visit.objects.create(
        unit=city.unit_a,
        community=city.c11,
        visited_on=date(2021, 4, 5),
        reported_at=datetime(2021, 4, 6, 1, tzinfo=tz.utc),
        summary="检查背街小巷卫生",
    )
    name = default_storage.save("photos/2021/04/evidence.jpg", ContentFile(PHOTO))
    Photo.objects.create(
        original=name,
        content_type="image/jpeg",
        size_bytes=len(PHOTO),
        sha256="0" * 64,
        phash=-12345,
        width=4,
        height=3,
        visit=visit,
    )
    return name


def everything() -> dict[str, list]:
    return {
        "users": sorted(User.objects.values_list("username", "role")),
        "streets": sorted(Street.objects.values_list("name", "kind")),
        "communities": sorted(Community.objects.values_list("street__name", "name")),
        "units": sorted(Unit.objects.values_list("name", "sort_order")),
        "pairings": sorted(Pairing.objects.values_list("unit__name", "community__name")),
        "visits": list(Visit.objects.values_list("unit__name", "visited_on", "summary")),
        "photos": list(Photo.objects.values_list("original", "visit__summary", "phash")),
    }


def test_a_backup_restored_into_an_empty_instance_has_every_record_and_photo(
    instance, tmp_path, settings
):
    before = everything()
    archive = tmp_path / "nightly.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())

    # A new instance: an empty database and a media folder of its own.
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    assert everything()["units"] == []
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert everything() == before
    with default_storage.open(instance, "rb") as fh:
        assert fh.read() == PHOTO
    assert "1 个文件" in out.getvalue()


def test_the_archive_lists_every_file_with_its_digest_and_is_private(instance, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    assert archive.stat().st_mode & 0o077 == 0
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert f"media/{instance}" in tar.getnames()
    assert manifest["media"][0]["name"] == instance
    assert manifest["counts"]["roster.Unit"] == 3 and manifest["counts"]["photos.Photo"] == 1


def test_restore_refuses_an_instance_with_data_unless_forced(instance, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    Unit.objects.create(name="备份后新增", key="备份后新增")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Unit.objects.filter(name="备份后新增").exists()  # nothing was touched
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert not Unit.objects.filter(name="备份后新增").exists()


def _archive_with(tmp_path, members: dict[str, bytes], manifest: dict | None = None):
    path = tmp_path / "crafted.tar.gz"
    manifest = manifest or {
        "format": 1,
        "product": "baolian",
        "engine": "sqlite",
        "database": "database/x.sqlite3",
        "media": [],
        "counts": {},
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, body in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


@pytest.mark.parametrize(
    "evil", ["../../outside.txt", "/etc/cron.d/x", "media/../../outside.txt", "settings.py"]
)
def test_restore_refuses_paths_that_leave_the_archive(instance, tmp_path, evil):
    archive = _archive_with(tmp_path, {"database/x.sqlite3": b"", evil: b"owned"})
    with pytest.raises(CommandError):
        call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert not (tmp_path / "outside.txt").exists()
    assert Unit.objects.count() == 3


def test_restore_refuses_a_damaged_file_before_writing_anything(instance, tmp_path):
    manifest = {
        "format": 1,
        "product": "baolian",
        "engine": "sqlite",
        "database": "database/x.sqlite3",
        "counts": {},
        "media": [{"name": "photos/x.jpg", "size": 3, "sha256": "0" * 64}],
    }
    archive = _archive_with(
        tmp_path, {"database/x.sqlite3": b"", "media/photos/x.jpg": b"abc"}, manifest
    )
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert Unit.objects.count() == 3 and not default_storage.exists("photos/x.jpg")


def test_restore_refuses_a_file_that_is_not_a_backup(transactional_db, tmp_path):
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(PHOTO)
    with pytest.raises(CommandError, match="not a Baolian backup"):
        call_command("restore", str(junk), stdout=io.StringIO())
