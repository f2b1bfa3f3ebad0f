"""Big imports run in `baolian worker`, never in a web request: a job per preview or import."""

from __future__ import annotations

import logging

from auditlog.context import set_actor
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from baolian.accounts.models import User
from baolian.imports.models import ImportJob
from baolian.imports.report import report_to_json
from baolian.imports.runner import import_file

log = logging.getLogger(__name__)
# Progress is saved every this many rows: often enough for the page, rarely enough for SQLite.
PROGRESS_EVERY = 500


def import_job_start(
    *, user: User, filename: str, stored_as: str, dry_run: bool, language: str
) -> ImportJob:
    """Queue a preview (dry run) or the import of a file waiting in the media storage."""
    job = ImportJob.objects.create(
        created_by=user,
        filename=filename,
        stored_as=stored_as,
        dry_run=dry_run,
        language=language,
    )
    # Enqueued once the row is committed, so the worker always finds it.
    transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job


def store_upload(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


@task()
def import_job_run(job_id: int) -> None:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    progress = {"done": 0}

    def on_total(total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(total=total)

    def on_row(count: int) -> None:
        progress["done"] += count
        if progress["done"] % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(done=progress["done"])

    try:
        with default_storage.open(job.stored_as, "rb") as stored:
            data = stored.read()
        with translation.override(job.language), set_actor(job.created_by):
            report = import_file(
                data=data,
                filename=job.filename,
                dry_run=job.dry_run,
                on_total=on_total,
                on_row=on_row,
            )
            stored_report = report_to_json(report)
        state = ImportJob.State.DONE
    except Exception:
        # The job page must say it failed rather than wait for ever; the log keeps the cause.
        log.exception("import job %s (%s) failed", job.pk, job.filename)
        stored_report, state = None, ImportJob.State.FAILED
    if not job.dry_run:
        default_storage.delete(job.stored_as)
    ImportJob.objects.filter(pk=job.pk).update(
        state=state, done=progress["done"], report=stored_report, finished_at=timezone.now()
    )
    log.info("import job %s %s file=%r dry_run=%s", job.pk, state, job.filename, job.dry_run)
