"""Real Chromium: lists paginate on a phone, and the Content-Security-Policy breaks nothing
(htmx, the pages, Django's admin) — the console reports no violation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

PASSWORD = "Browser-pass-2021"


@pytest.fixture
def people(transactional_db, live_server, users):
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    return users


class Console:
    """Every console message and uncaught error of a page, CSP reports included."""

    def __init__(self, page) -> None:
        self.messages: list[str] = []
        page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))
        # The browser asks for /favicon.ico by itself; there is none, and no page links it.
        self.failed: list[str] = []
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and not r.url.endswith("/favicon.ico")
                and self.failed.append(f"{r.status} {r.url}")
            ),
        )

    def violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]

    def errors(self) -> list[str]:
        # a failed load is reported by `failed`, with its address
        return [
            m
            for m in self.messages
            if m.startswith(("error", "pageerror")) and "Failed to load resource" not in m
        ] + self.failed


def open_page(browser, live_server, **options):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page, Console(page)


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def test_a_list_paginates_on_a_phone_and_htmx_works_under_the_policy(
    browser, live_server, people, settings
):
    settings.BAOLIAN_PAGE_SIZE = 2  # the city has 3 units: two pages
    context, page, console = open_page(browser, live_server, **PHONE)
    try:
        log_in(page, "office")
        response = page.goto("/units/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        rows = page.locator("#rows")
        assert "第 1 / 2 页" in rows.inner_text()
        assert "市档案馆" not in rows.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        next_link = page.locator("nav.pagination a[rel=next]")
        box = next_link.bounding_box()
        assert box["height"] >= 44  # a finger's tap target
        next_link.tap()
        page.wait_for_url("**/units/?page=2")
        assert "市档案馆" in rows.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        # htmx (search as you type) still swaps the table in under the policy
        page.fill("input[type=search]", "税务")
        page.locator("#rows", has_not_text="市档案馆").wait_for()
        assert "市税务局" in rows.inner_text()
        assert page.locator("nav.pagination").count() == 0
        assert "q=" in page.url

        for url in ["/", "/communities/", "/streets/", "/leaders/", "/search/?q=市"]:
            page.goto(url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
        page.screenshot(path="/tmp/baolian_phone_pages.png", full_page=True)
    finally:
        context.close()
    assert console.violations() == []
    assert console.errors() == []


def test_the_admin_runs_its_scripts_under_the_policy(browser, live_server, people, city):
    context, page, console = open_page(
        browser, live_server, viewport={"width": 1280, "height": 900}
    )
    try:
        log_in(page, "office")
        page.goto("/admin/")
        assert page.locator("#site-name").is_visible()
        # select2 (jQuery) turns the pairing's unit field into an autocomplete: scripts ran
        page.goto("/admin/roster/pairing/add/")
        page.locator(".select2-container").first.wait_for()
        page.locator(".select2-container").first.click()
        page.locator(".select2-search__field").fill("税务")
        page.locator(".select2-results__option", has_text="市税务局").wait_for()
        # the user form's filter widget for permissions is built by SelectFilter2.js
        page.goto(f"/admin/accounts/user/{people['liaison'].pk}/change/")
        page.locator("#id_user_permissions_filter").wait_for()
        page.goto(f"/admin/roster/unit/{city.unit_a.pk}/auditlog/")
        page.goto("/admin/auditlog/logentry/")
    finally:
        context.close()
    assert console.violations() == []
    assert console.errors() == []


def test_a_liaison_on_a_desktop_finds_search_in_the_navigation(browser, live_server, people):
    context, page, console = open_page(
        browser, live_server, viewport={"width": 1280, "height": 800}
    )
    try:
        log_in(page, "liaison")
        page.locator("nav ul.nav-wide a[href='/search/']").click()
        page.wait_for_url("**/search/")
        page.fill("input[type=search]", "桥东")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?q=*")
        assert "桥东社区" in page.locator("main").inner_text()
    finally:
        context.close()
    assert console.violations() == []


def test_an_injected_inline_script_is_refused_and_reported(browser, live_server, people):
    """The policy is enforced, and this file's console check would see a violation."""
    context, page, console = open_page(browser, live_server)
    try:
        page.goto("/login/")
        with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
            page.evaluate(
                """() => { const s = document.createElement('script');
                           s.textContent = 'window.injected = true';
                           document.body.appendChild(s); }"""
            )
        assert page.evaluate("window.injected === undefined")
    finally:
        context.close()
    assert console.violations()
