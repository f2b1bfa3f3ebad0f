"""The map's tile server is allowed by the page's Content-Security-Policy, and only there."""

from __future__ import annotations

import pytest

from baolian.dashboard.views import tile_origin


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://127.0.0.1:8123/tiles/{z}/{x}/{y}.png?tk=KEY", "http://127.0.0.1:8123"),
        (
            "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&TILEROW={y}",
            "https://*.tianditu.gov.cn",
        ),
        ("", None),
        ("/tiles/{z}/{x}/{y}.png", None),  # our own server: 'self' covers it
        ("javascript:alert(1)", None),
    ],
)
def test_the_tile_origin_is_a_csp_source(url, origin):
    assert tile_origin(url) == origin


def test_the_dashboard_lets_the_browser_load_tiles_from_the_configured_server(
    client, users, settings
):
    settings.BAOLIAN_MAP_TILES = "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY"
    client.force_login(users["inspector"])
    policy = client.get("/dashboard/")["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://*.tianditu.gov.cn" in img_src
    # other pages keep images to this server
    assert "tianditu" not in client.get("/visits/")["Content-Security-Policy"]
