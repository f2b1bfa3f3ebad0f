"""The report and a bulletin's page in real headless Chromium, on a 360 px phone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

PASSWORD = "Inspector-pass-2021"


@pytest.fixture
def phone(browser, live_server, transactional_db, quarter, users) -> Iterator[object]:
    users["inspector"].set_password(PASSWORD)
    users["inspector"].save()
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport={"width": 360, "height": 740}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", "inspector")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    try:
        yield page
    finally:
        context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_report_reads_on_a_phone(phone):
    phone.goto("/oversight/report/?from=2021-04-01&to=2021-06-30")
    assert "包联工作统计" in phone.content()
    assert phone.locator("text=市卫生健康局").first.is_visible()
    assert fits(phone)


def test_an_inspector_drafts_a_bulletin_and_previews_it_on_a_phone(phone):
    phone.goto("/oversight/bulletins/new/")
    phone.fill("input[name=to]", date(2021, 6, 30).isoformat())
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/oversight/bulletins/*/")
    assert phone.locator(".bulletin-title").inner_text() == "创卫督查通报"
    assert "开展包联行动共11场次" in phone.locator(".bulletin").inner_text()
    assert fits(phone)
