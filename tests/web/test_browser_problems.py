"""Real Chromium on a phone-size screen: a community officer marks a problem rectified with a
photo; an inspector verifies and closes it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from baolian.problems.models import Problem, ProblemState
from tests.factories_problems import ProblemFactory, jpeg

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

PASSWORD = "Phone-pass-2021"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def people(transactional_db, live_server, users):
    for role in ("community", "inspector"):
        users[role].set_password(PASSWORD)
        users[role].save()
    return users


def phone(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport=PHONE, device_scale_factor=2
    )
    context.set_default_timeout(15_000)
    return context


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_community_officer_rectifies_with_a_photo_and_an_inspector_closes(
    browser, live_server, people, city, tmp_path
):
    problem = ProblemFactory(
        community=city.c12,
        description="新桥社区3巷口垃圾乱堆放",
        found_on=date.today() - timedelta(days=5),
        deadline=date.today() + timedelta(days=2),
    )
    photo = tmp_path / "after.jpg"
    photo.write_bytes(jpeg(11, size=(640, 480)))

    officer = phone(browser, live_server)
    page = officer.new_page()
    log_in(page, "community")
    page.goto("/problems/")
    assert "本周到期" in page.locator("#rows").inner_text()
    page.click("text=新桥社区3巷口垃圾乱堆放")
    page.wait_for_url(f"**/problems/{problem.pk}/")
    assert fits_the_screen(page)
    page.fill("textarea[name=note]", "已组织清运，设置围挡")
    page.set_input_files("input[name=photos]", str(photo))
    page.click("form[action$='/rectify/'] button[type=submit]")
    page.wait_for_url(f"**/problems/{problem.pk}/")
    assert page.locator("#state").inner_text() == "已整改"
    assert page.locator("#after-photos img").count() == 1
    # the display copy is served to the person who may see it
    assert page.locator("#after-photos img").evaluate("img => img.naturalWidth") > 0
    assert fits_the_screen(page)
    assert page.locator("form[action$='/close/']").count() == 0  # not theirs to verify
    officer.close()

    inspector = phone(browser, live_server)
    page = inspector.new_page()
    log_in(page, "inspector")
    page.goto(f"/problems/{problem.pk}/")
    page.fill("form[action$='/close/'] textarea[name=note]", "现场复核通过")
    page.click("form[action$='/close/'] button[type=submit]")
    page.wait_for_url(f"**/problems/{problem.pk}/")
    assert page.locator("#state").inner_text() == "已销号"
    assert "现场复核通过" in page.content()
    inspector.close()

    problem = Problem.objects.get(pk=problem.pk)
    assert problem.state == ProblemState.CLOSED
    assert [e.action for e in problem.events.order_by("id")] == ["rectify", "close"]
