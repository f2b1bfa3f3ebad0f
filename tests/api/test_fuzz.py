"""Schemathesis against the live API's own OpenAPI document: no server errors, and every
answer's status, content type and body as the document says. Bounded: 10 examples per
operation and a 90 s budget, so it runs in `make test` (about two minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from baolian.api.services import token_create

pytestmark = pytest.mark.fuzz

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)


@pytest.fixture
def office_token(transactional_db, live_server, city, users, settings) -> str:
    # Schemathesis also sends bad credentials; the lockout (tested in test_tokens.py) would
    # otherwise lock its own address out and leave the rest of the API untested.
    settings.AXES_FAILURE_LIMIT = 1_000_000
    return token_create(user=users["admin"], name="schemathesis").secret


def test_the_api_answers_every_generated_request_as_its_document_says(
    live_server, office_token, tmp_path
):
    if not SCHEMATHESIS.exists():
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {office_token}",
        "--checks",
        CHECKS,
        "--max-examples",
        "10",
        "--max-time",
        "90",
        "--request-timeout",
        "20",
        "--seed",
        "2021",
        "--phases",
        "examples,coverage,fuzzing",
        "--generation-with-security-parameters",
        "false",
        # Revoking tokens by guessed ids would revoke the run's own token.
        "--exclude-method",
        "DELETE",
        "--no-color",
    ]
    # cwd: schemathesis keeps a cache of its findings there, not in the repository.
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    report = done.stdout[-6000:] + done.stderr[-2000:]
    assert done.returncode == 0, report
    assert "passed" in done.stdout, report
