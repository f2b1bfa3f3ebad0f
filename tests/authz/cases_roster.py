"""Roster, accounts and import pages."""

from __future__ import annotations

from tests.authz.matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, Case, everyone, only

CASES = {
    "login": Case(lambda w: "/login/", {**everyone(LOGIN), "anon": OK}),
    "logout": Case(
        lambda w: "/logout/", everyone(LOGIN, anon=LOGIN), method="post", data=lambda w: {}
    ),
    "password_change": Case(lambda w: "/password/", everyone(OK)),
    "home": Case(lambda w: "/", everyone(OK)),
    "street_list": Case(lambda w: "/streets/", everyone(OK)),
    "community_list": Case(lambda w: "/communities/", everyone(OK)),
    "unit_list": Case(lambda w: "/units/", everyone(OK)),
    "leader_list": Case(lambda w: "/leaders/", everyone(OK)),
    "search": Case(lambda w: "/search/?q=市", everyone(OK)),
    # street2 / c21 / unit_c / leader2: the leader's and the street officer's world.
    "street_detail": Case(
        lambda w: f"/streets/{w.city.street2.pk}/",
        only({"admin", "inspector", "leader", "street"}, other=NOT_FOUND),
    ),
    "community_detail": Case(
        lambda w: f"/communities/{w.city.c21.pk}/",
        only({"admin", "inspector", "leader", "street"}, other=NOT_FOUND),
    ),
    "unit_detail": Case(
        lambda w: f"/units/{w.city.unit_c.pk}/",
        only({"admin", "inspector", "leader", "street"}, other=NOT_FOUND),
    ),
    "leader_detail": Case(
        lambda w: f"/leaders/{w.city.leader2.pk}/",
        only({"admin", "inspector", "leader", "street"}, other=NOT_FOUND),
    ),
    "roster_export": Case(lambda w: "/roster/export.xlsx", everyone(OK)),
    "import_upload": Case(lambda w: "/roster/import/", only({"admin"}, other=FORBIDDEN)),
    "import_confirm": Case(
        lambda w: "/roster/import/confirm/",
        # 400 for the office: nothing is waiting to be confirmed
        only({"admin"}, ok=400, other=FORBIDDEN),
        method="post",
        data=lambda w: {},
    ),
    "import_template": Case(lambda w: "/roster/template.xlsx", everyone(OK)),
    # Django's admin: the office only; everyone else gets the product's 403 page, and a
    # visitor the product's login page (tests/web/test_pages.py checks both pages).
    "admin:index": Case(lambda w: "/admin/", only({"admin"})),
    "admin:login": Case(lambda w: "/admin/login/", only({"admin"}, ok=LOGIN)),
    "admin:roster_unit_changelist": Case(lambda w: "/admin/roster/unit/", only({"admin"})),
    "admin:roster_unit_change": Case(
        lambda w: f"/admin/roster/unit/{w.city.unit_a.pk}/change/", only({"admin"})
    ),
    "admin:accounts_user_add": Case(lambda w: "/admin/accounts/user/add/", only({"admin"})),
    "admin:auditlog_logentry_changelist": Case(
        lambda w: "/admin/auditlog/logentry/", only({"admin"})
    ),
    "admin:roster_unit_auditlog": Case(
        lambda w: f"/admin/roster/unit/{w.city.unit_a.pk}/auditlog/", only({"admin"})
    ),
    "admin:jsi18n": Case(lambda w: "/admin/jsi18n/", only({"admin"})),
}
