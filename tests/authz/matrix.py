"""The authorization matrix: every URL of the URL configuration, for every role.

Each app declares its cases in `tests/authz/cases_<app>.py` as `CASES`, keyed by URL name
(`namespace:name` where namespaced). A URL with no case fails the suite, so a new page
without a rule cannot land. A case says how to build a concrete path from the `World` and
which status each role gets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anon", "admin", "inspector", "leader", "liaison", "street", "community")

OK, FORBIDDEN, NOT_FOUND, LOGIN, NOT_ALLOWED = 200, 403, 404, 302, 405
CREATED, NO_CONTENT, UNAUTHENTICATED = 201, 204, 401  # the API answers anonymous calls 401


@dataclass
class World:
    """The `city` fixture, one user per role, plus whatever each app's `setup` adds."""

    city: Any
    users: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.extra[name]
        except KeyError:
            raise AttributeError(name) from None


def everyone(status: int, anon: int = LOGIN) -> dict[str, int]:
    return {role: (anon if role == "anon" else status) for role in ROLES}


def only(allowed: set[str], *, ok: int = OK, other: int = FORBIDDEN, anon: int = LOGIN):
    return {role: anon if role == "anon" else (ok if role in allowed else other) for role in ROLES}


@dataclass
class Case:
    """How to reach one URL and what each role gets back.

    `path` builds the concrete path from the world; `expect` maps role → status (302 is a
    redirect, usually to the login page for "anon"). `method` is GET unless said.
    `data` is a POST body; POSTs that change state should be allowed-status 302 or 200.
    """

    path: Callable[[World], str]
    expect: dict[str, int]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    note: str = ""
    # A JSON body (the API): sent as application/json instead of a form.
    json: Callable[[World], dict] | None = None


# URL names that are not pages of ours: Django's admin (its own permission system, tested
# in tests/web/test_admin_*), and the language switch (POST-only, no data).
EXEMPT_PREFIXES = ("admin:",)
EXEMPT = {"set_language"}


def url_names() -> Iterator[tuple[str, str]]:
    """(name, pattern) for every named URL pattern, with namespaces."""

    def walk(patterns: list, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}{p.namespace}:"
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                yield (f"{namespace}{p.name}" if p.name else "", prefix + str(p.pattern))

    yield from walk(get_resolver().url_patterns, "", "")


def all_cases() -> dict[str, Case]:
    import importlib
    import pkgutil

    import tests.authz as package

    cases: dict[str, Case] = {}
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("cases_"):
            mod = importlib.import_module(f"tests.authz.{module.name}")
            for name, case in mod.CASES.items():
                assert name not in cases, f"{name} has cases in two modules"
                cases[name] = case
    return cases


def setups() -> list[Callable[[World], None]]:
    import importlib
    import pkgutil

    import tests.authz as package

    found = []
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if module.name.startswith("cases_"):
            mod = importlib.import_module(f"tests.authz.{module.name}")
            if hasattr(mod, "setup"):
                found.append(mod.setup)
    return found
