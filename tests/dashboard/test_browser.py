"""Real Chromium: the dashboard's charts are drawn (pixels on the canvas), fit a phone, and
their bars and figures open the lists behind them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

PASSWORD = "Dashboard-pass-2021"

# How many strongly coloured pixels a chart's canvas holds (grey axes and text do not count).
COLOURED_PIXELS = """(el) => {
  const canvas = el.querySelector('canvas');
  if (!canvas) return -1;
  const ctx = canvas.getContext('2d');
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
    if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
  }
  return n;
}"""


@pytest.fixture
def people(transactional_db, live_server, users, june):
    june.c11.latitude, june.c11.longitude = 23.66, 116.63
    june.c11.save()
    for role in ("leader", "liaison"):
        users[role].set_password(PASSWORD)
        users[role].save()
    return users


def open_as(browser, live_server, username: str, **viewport) -> object:
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **viewport)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def drawn(page, selector: str) -> int:
    page.locator(f"{selector}[data-drawn='1']").wait_for(state="attached")
    return page.locator(selector).evaluate(COLOURED_PIXELS)


def test_a_leader_at_1280px_sees_the_charts_drawn_and_a_bar_opens_its_visits(
    browser, live_server, people, june
):
    page = open_as(browser, live_server, "leader", viewport={"width": 1280, "height": 900})
    try:
        page.goto("/dashboard/")
        assert drawn(page, "#chart-unit-average") > 200
        assert drawn(page, "#chart-visits-by-street") > 200
        assert drawn(page, "#chart-leader-led") > 200
        page.screenshot(path="/tmp/baolian_dashboard_leader.png", full_page=True)
        # The leader leads unit C only: its name is on the chart, not the others'.
        units = page.evaluate(
            "JSON.parse(document.getElementById('dashboard-data').textContent)"
            ".charts.unit_average.units"
        )
        assert units == ["市档案馆"]

        # Click the middle of unit C's bar: it opens the visits behind it.
        point = page.evaluate(
            """() => {
              const el = document.getElementById('chart-unit-average');
              el.scrollIntoView({block: 'center'});
              const chart = echarts.getInstanceByDom(el);
              const end = chart.convertToPixel({seriesIndex: 0}, [1.5, 0]);
              const box = el.getBoundingClientRect();
              return [box.left + end[0] / 2, box.top + end[1]];
            }"""
        )
        page.mouse.click(point[0], point[1])
        page.wait_for_url(lambda url: "/visits/?" in url and f"unit={june.unit_c.pk}" in url)

        page.goto("/dashboard/")
        page.locator(".headline a[href^='/rankings/']").first.click()
        page.wait_for_url(lambda url: "/rankings/?month=" in url)
        assert "市档案馆" in page.locator("table.ranking").inner_text()
    finally:
        page.context.close()


def test_a_liaison_at_360px_sees_charts_and_map_that_fit_the_phone(
    browser, live_server, people, june
):
    page = open_as(
        browser,
        live_server,
        "liaison",
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    try:
        page.goto("/dashboard/")
        assert drawn(page, "#chart-unit-average") > 100
        assert drawn(page, "#chart-visits-by-street") > 100
        assert drawn(page, "#map") > 20  # no tile server set: the plain map of dots
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path="/tmp/baolian_dashboard_phone.png", full_page=True)
        link = page.locator(".headline a").first
        assert link.get_attribute("href").startswith("/visits/?from=")
        page.goto("/rankings/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.goto("/")
        assert page.locator(".my-month").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.context.close()


def _png(size: int = 256) -> bytes:
    """A plain light-grey tile."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xdd\xdd\xdd" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def tile_server() -> Iterator[tuple[str, list[str]]]:
    """A tile server on 127.0.0.1 (the office's own, or 天地图 on the internet)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked: list[str] = []
    tile = _png()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/tiles/{{z}}/{{x}}/{{y}}.png?tk=KEY", asked
    finally:
        server.shutdown()
        server.server_close()


def test_with_a_tile_server_the_map_has_tiles_and_dots_that_open_visits(
    browser, live_server, people, june, settings, tile_server
):
    url, asked = tile_server
    settings.BAOLIAN_MAP_TILES = url
    page = open_as(browser, live_server, "liaison", viewport={"width": 1280, "height": 900})
    try:
        page.goto("/dashboard/")
        page.locator("#map[data-drawn='1']").wait_for(state="attached")
        page.locator("#map img.leaflet-tile-loaded").first.wait_for(state="attached")
        assert asked and all("tk=KEY" in path for path in asked)
        dot = page.locator("#map path.leaflet-interactive")
        assert dot.count() == 1  # c11, the only community with a location
        dot.first.scroll_into_view_if_needed()
        dot.first.click(force=True)
        page.wait_for_url(lambda u: "/visits/?" in u and f"community={june.c11.pk}" in u)
    finally:
        page.context.close()
