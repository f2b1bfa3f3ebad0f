from __future__ import annotations

from datetime import datetime, timezone

import pytest


@pytest.fixture(autouse=True)
def _june_20_2021(time_machine):
    """The campaign's summer: 'today' is 2021-06-20 (noon in China) in every problems test."""
    time_machine.move_to(datetime(2021, 6, 20, 4, 0, tzinfo=timezone.utc), tick=False)


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are matched by their English text; pages still render in Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield
