"""The demo's bulletin: published once, the same on a second build, gone on reset."""

from __future__ import annotations

import random

import pytest

from baolian.demo import oversight as demo
from baolian.oversight.models import Bulletin

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_one_bulletin_once_and_reset_removes_it(quarter):
    demo.build(random.Random(1))
    bulletin = Bulletin.objects.get()
    assert bulletin.is_published and bulletin.figures["visits_total"] == 11
    demo.build(random.Random(2))
    assert Bulletin.objects.count() == 1
    demo.reset()
    assert not Bulletin.objects.exists()
