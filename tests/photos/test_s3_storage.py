"""Photos on S3-compatible object storage (django-storages) against a local S3 server
(moto's server mode on 127.0.0.1), set up the way settings.py does from the environment."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from baolian.photos.services import photo_files_cleanup, photo_store
from tests.factories_photos import image_bytes

moto_server = pytest.importorskip("moto.server", reason="moto[server] is a dev dependency")
boto3 = pytest.importorskip("boto3")

BUCKET = "baolian-photos"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(settings, s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    if BUCKET not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
        client.create_bucket(Bucket=BUCKET)
    # What BAOLIAN_S3_* in the environment produce in settings.py.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "location": "baolian",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def _keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_photo_round_trips_through_object_storage(s3, db, users):
    data = image_bytes(9)
    photo = photo_store(data=data, name="现场.jpg")
    assert _keys(s3) == sorted(["baolian/" + photo.original.name, "baolian/" + photo.display.name])
    stored = s3.get_object(Bucket=BUCKET, Key="baolian/" + photo.original.name)["Body"].read()
    assert stored == data
    # Served by our view after the scoping check, not by a link to the bucket.
    client = Client()
    client.force_login(users["admin"])
    response = client.get(f"/photos/{photo.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    grants = s3.get_object_acl(Bucket=BUCKET, Key="baolian/" + photo.original.name)["Grants"]
    assert not [g for g in grants if "AllUsers" in str(g.get("Grantee", {}))]


def test_a_failed_submission_leaves_no_object_behind(s3, db):
    with pytest.raises(RuntimeError), photo_files_cleanup(), transaction.atomic():
        photo_store(data=image_bytes(1), name="a.jpg")
        raise RuntimeError("the visit could not be saved")
    assert _keys(s3) == []
