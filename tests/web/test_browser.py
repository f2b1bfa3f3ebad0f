"""Real headless Chromium against the live server: log in, see only one's part, fit a phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from baolian.accounts.models import User

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

PASSWORDS = {"liaison": "Liaison-pass-2021", "street": "Street-pass-2021"}


@pytest.fixture
def people(transactional_db, live_server, users) -> dict[str, User]:
    """The conftest users, committed (transactional_db) so the server thread sees them."""
    for role, password in PASSWORDS.items():
        users[role].set_password(password)
        users[role].save()
    return users


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def log_out(page) -> None:
    page.locator('.nav-wide form[action="/logout/"] button').click()
    page.wait_for_url("**/login/")


def test_each_role_sees_only_its_part_through_the_real_login_form(page, people, city):
    page.goto("/units/")
    assert "/login/" in page.url  # not logged in yet
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    log_in(page, "liaison")
    page.goto("/units/")
    rows = page.locator("#rows")
    assert "市卫生健康局" in rows.inner_text()
    assert "市档案馆" not in page.content()

    response = page.goto(f"/units/{city.unit_c.pk}/")
    assert response.status == 404
    assert page.locator("article.http-error").is_visible()
    assert "市档案馆" not in page.content()

    log_out(page)
    page.goto("/units/")
    assert "/login/" in page.url

    log_in(page, "street")
    page.goto("/communities/")
    assert "下津村" in page.locator("#rows").inner_text()
    assert "新桥社区" not in page.content()
    assert page.goto(f"/units/{city.unit_a.pk}/").status == 404


def test_the_search_box_filters_the_table_as_one_types(page, people, city):
    log_in(page, "street")
    page.goto("/communities/")
    assert "下津村" in page.locator("#rows").inner_text()
    page.fill("input[type=search]", "桥东")
    # htmx swaps the table in; Playwright waits until it has changed
    page.locator("#rows", has_not_text="下津村").wait_for()
    assert "桥东社区" in page.locator("#rows").inner_text()
    assert "q=" in page.url


def test_a_phone_wide_page_does_not_overflow_and_the_menu_works(browser, live_server, people):
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/login/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        log_in(page, "liaison")
        for url in ["/", "/units/", "/communities/", "/streets/", "/leaders/", "/search/?q=市"]:
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{url} is {width}px wide"

        page.goto("/")
        assert not page.locator(".nav-wide").is_visible()
        menu = page.locator("details.nav-menu")
        menu.locator("summary").click()
        units_link = menu.locator('a[href="/units/"]')
        assert units_link.is_visible()
        assert menu.locator('form[action="/logout/"] button').is_visible()
        page.screenshot(path="/tmp/baolian_phone.png", full_page=True)
        units_link.click()
        page.wait_for_url("**/units/")
        assert "市卫生健康局" in page.locator("#rows").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_an_office_pc_sees_the_full_navigation_and_no_phone_menu(browser, live_server, people):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/login/")
        log_in(page, "liaison")
        assert page.locator("nav ul.nav-wide").is_visible()
        assert not page.locator("details.nav-menu").is_visible()
        # every entry on one line: a word is never broken over two (排/名)
        heights = page.locator("nav ul.nav-wide a").evaluate_all(
            "links => links.map(a => a.getBoundingClientRect().height)"
        )
        assert heights and max(heights) < 1.5 * min(heights), heights
        page.screenshot(path="/tmp/baolian_pc_nav.png")
    finally:
        context.close()
