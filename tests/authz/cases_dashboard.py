"""Dashboard and rankings: everyone signed in sees them, each in their own scope
(tests/dashboard/test_scope.py checks what each one sees); settings are the office's."""

from __future__ import annotations

from tests.authz.matrix import FORBIDDEN, OK, Case, everyone, only

CASES = {
    "dashboard:index": Case(lambda w: "/dashboard/?from=2021-04-01&to=2021-06-30", everyone(OK)),
    "dashboard:data": Case(
        lambda w: "/dashboard/data.json?from=2021-04-01&to=2021-06-30", everyone(OK)
    ),
    "dashboard:rankings": Case(lambda w: "/rankings/?month=2021-06", everyone(OK)),
    "dashboard:rankings_export": Case(
        lambda w: "/rankings/export.xlsx?month=2021-06", everyone(OK)
    ),
    "dashboard:ranking_settings": Case(
        lambda w: "/rankings/settings/", only({"admin"}, other=FORBIDDEN)
    ),
}
