from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _static_root(settings, tmp_path):
    # WhiteNoise warns about a missing STATIC_ROOT on every new client; tests serve static
    # files through the finders, so an empty folder is enough.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
