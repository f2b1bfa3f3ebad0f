from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from baolian.accounts.models import Role, User
from baolian.roster.models import Community, Leader, Pairing, Street, Unit
from tests.factories import (
    CommunityFactory,
    LeaderFactory,
    PairingFactory,
    StreetFactory,
    UnitFactory,
    UserFactory,
)

# Workbooks made by real people and tools, in the team's shared folder beside the repository
# (BAOLIAN_SHARED names another place). CI has it; a bare clone does not, and skips them.
SHARED = Path(os.environ.get("BAOLIAN_SHARED") or Path(__file__).resolve().parents[2] / "shared")
CORPORA = SHARED / "corpora"
needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"real-world workbooks not found at {CORPORA} (bare clone)"
)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Building the demo city's activity (visits with photos) takes seconds; a sample will do.
    settings.DEMO_ACTIVITY_SCALE = 0.05
    # The near-duplicate index lives in the process; each test's database starts afresh.
    from baolian.photos.services import photo_index

    photo_index.reset()
    # Cached figures are keyed by the database's state, which a rolled-back test repeats
    # (ids are reused): each test starts with an empty cache, as a new server would.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    # WhiteNoise warns about a missing STATIC_ROOT on every new client; tests serve static
    # files through the finders, so an empty folder is enough.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@dataclass
class City:
    """Two streets, each with two communities; units A, B in street 1, C in street 2."""

    street1: Street
    street2: Street
    c11: Community
    c12: Community
    c21: Community
    c22: Community
    unit_a: Unit
    unit_b: Unit
    unit_c: Unit
    leader1: Leader
    leader2: Leader
    pairings: list[Pairing]


@pytest.fixture
def city(db) -> City:
    s1, s2 = StreetFactory(name="东城街道"), StreetFactory(name="西湖镇", kind="town")
    c11 = CommunityFactory(street=s1, name="桥东社区")
    c12 = CommunityFactory(street=s1, name="新桥社区")
    c21 = CommunityFactory(street=s2, name="下津村", kind="village")
    c22 = CommunityFactory(street=s2, name="桥东社区")  # same name, other street
    a, b, c = (
        UnitFactory(name="市卫生健康局"),
        UnitFactory(name="市税务局"),
        UnitFactory(name="市档案馆"),
    )
    l1, l2 = LeaderFactory(name="李明"), LeaderFactory(name="王芳")
    pairings = [
        PairingFactory(unit=a, community=c11, leader=l1),
        PairingFactory(unit=b, community=c12, leader=l1),
        PairingFactory(unit=c, community=c21, leader=l2),
    ]
    return City(s1, s2, c11, c12, c21, c22, a, b, c, l1, l2, pairings)


@pytest.fixture
def users(city) -> dict[str, User]:
    """One user per role, bound to the `city` fixture's rows."""
    return {
        "admin": UserFactory(username="office", role=Role.ADMIN, is_staff=True, is_superuser=True),
        "inspector": UserFactory(username="inspector", role=Role.INSPECTOR),
        "leader": UserFactory(username="leader", role=Role.LEADER, leader=city.leader2),
        "liaison": UserFactory(username="liaison", role=Role.LIAISON, unit=city.unit_a),
        "street": UserFactory(username="street", role=Role.STREET, street=city.street2),
        "community": UserFactory(username="community", role=Role.COMMUNITY, community=city.c12),
    }


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium through Playwright, one per test module (browser tests)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    # Playwright's sync API keeps an event loop running in this thread; Django would refuse
    # the test's own ORM calls from it, though they are plain synchronous code.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = playwright_api.sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before
