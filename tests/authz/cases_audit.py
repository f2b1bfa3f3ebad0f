"""The audit page and its export: the campaign office only."""

from __future__ import annotations

from tests.authz.matrix import Case, only

CASES = {
    "audit_log": Case(lambda w: "/audit/", only({"admin"})),
    "audit_export": Case(lambda w: "/audit/export.xlsx", only({"admin"})),
}
