"""A big file is checked and imported by the background worker, with a progress page."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from baolian.imports.models import ImportJob
from baolian.roster.models import Unit
from tests.imports.conftest import UNITS
from tests.workbooks import xlsx


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    # The worker closes connections that are not in autocommit mode; the test's own
    # connection never is (every test runs in a transaction), and on PostgreSQL closing it
    # would end the test's transaction. A worker process of its own has no such connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


@pytest.fixture
def big_means_tiny(settings):
    settings.IMPORT_BACKGROUND_ABOVE_BYTES = 1  # every file goes to the worker


def _upload(client, data: bytes):
    return client.post("/roster/import/", {"file": SimpleUploadedFile("单位.xlsx", data)})


def _work() -> None:
    # The worker closes connections that are not in autocommit between jobs (right for its own
    # process); inside a test's transaction on PostgreSQL that would close the test's
    # connection, so here the worker keeps it.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, stdout=io.StringIO())


def test_a_big_file_is_previewed_by_the_worker_then_imported_on_confirm(
    client, office_admin, big_means_tiny, django_capture_on_commit_callbacks
):
    client.force_login(office_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, xlsx({"包联单位": UNITS}))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.token}/")
    waiting = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting  # the page comes back until the job is done
    assert Unit.objects.count() == 0

    _work()

    preview = client.get(response["Location"])
    assert preview.context["report"].sheets[0].created == len(UNITS) - 1
    assert Unit.objects.count() == 0  # a preview writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post("/roster/import/confirm/", {"token": preview.context["token"]})
    assert confirmed.status_code == 302
    _work()

    result = client.get(confirmed["Location"])
    assert result.context["done"] and result.context["report"].ok
    assert Unit.objects.count() == len(UNITS) - 1
    created = LogEntry.objects.get_for_object(Unit.objects.get(name=UNITS[1][0])).get()
    assert created.actor == office_admin  # the history names who confirmed, not "system"


def test_a_job_counts_its_rows_and_the_page_shows_how_far_it_is(
    client, office_admin, big_means_tiny, django_capture_on_commit_callbacks, monkeypatch
):
    from baolian.imports import jobs

    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 1)
    seen: list[int] = []  # what the progress page would read after each row
    real_import = jobs.import_file

    def watched(**kwargs):
        def on_row(count: int) -> None:
            kwargs_on_row(count)
            seen.append(ImportJob.objects.values_list("done", flat=True).get())

        kwargs_on_row = kwargs["on_row"]
        return real_import(**{**kwargs, "on_row": on_row})

    monkeypatch.setattr(jobs, "import_file", watched)
    client.force_login(office_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, xlsx({"包联单位": UNITS}))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, total=8, done=2)
    assert "25%" in client.get(response["Location"]).content.decode()

    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED, total=0, done=0)
    _work()

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert job.total == job.done == len(UNITS) - 1
    assert seen == list(range(1, len(UNITS)))  # every row counted on the way


def test_a_job_whose_file_is_gone_ends_as_failed_not_waiting_for_ever(
    client, office_admin, big_means_tiny, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    client.force_login(office_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, xlsx({"包联单位": UNITS}))
    default_storage.delete(ImportJob.objects.get().stored_as)

    _work()

    assert ImportJob.objects.get().state == ImportJob.State.FAILED
    page = client.get(response["Location"])
    assert page.status_code == 500
    assert "未写入任何内容" in page.content.decode()  # "nothing was written"
