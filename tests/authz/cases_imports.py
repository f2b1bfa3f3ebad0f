"""Background import jobs: only the office sees a job's progress and report."""

from __future__ import annotations

from baolian.imports.models import ImportJob
from tests.authz.matrix import FORBIDDEN, Case, only


def setup(world) -> None:
    world.extra["import_job"] = ImportJob.objects.create(
        created_by=world.users["admin"], filename="名册.xlsx", stored_as="pending_imports/x"
    )


CASES = {
    "import_job": Case(
        lambda w: f"/roster/import/jobs/{w.import_job.token}/",
        only({"admin"}, other=FORBIDDEN),
    ),
}
