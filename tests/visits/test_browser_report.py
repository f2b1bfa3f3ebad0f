"""Real Chromium at 360 px: a liaison reports a visit with a photo from the phone page, sees
it flagged when the same photo comes again, and a form sent without signal is kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from django.utils import timezone

from baolian.demo import pictures
from baolian.visits.models import FlagKind, Visit

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

PASSWORD = "Liaison-pass-2021"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def liaison(transactional_db, live_server, users):
    users["liaison"].set_password(PASSWORD)
    users["liaison"].save()
    return users["liaison"]


@pytest.fixture
def phone(browser, live_server) -> Iterator[object]:
    context = browser.new_context(
        locale="zh-CN", base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def log_in(page) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", "liaison")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def fill_visit(page, picture: bytes, summary: str) -> None:
    page.goto("/visits/new/")
    page.check("input[name=kinds][value='2']")
    page.fill("textarea[name=summary]", summary)
    page.fill("textarea[name=findings]", "垃圾清运不及时")
    page.set_input_files(
        "#id_photos", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": picture}]
    )


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_visit_reported_at_360px_is_flagged_when_its_photo_comes_again(phone, liaison, city):
    now = timezone.localtime().replace(tzinfo=None)
    picture = pictures.jpeg("browser", taken_at=datetime(now.year, now.month, now.day, 9))
    log_in(phone)
    fill_visit(phone, picture, "检查背街小巷卫生，督促清理卫生死角三处，发放宣传资料一百份")
    assert fits_the_screen(phone)
    # one community: it is chosen already
    assert phone.locator("select[name=pairing]").input_value() == str(city.pairings[0].pk)
    phone.click("#submit")
    phone.wait_for_url(re.compile(r"/visits/\d+/$"))
    first = Visit.objects.get()
    assert first.photos.count() == 1
    assert phone.locator(".flag-kind").count() == 0 or "重复" not in phone.inner_text("#flags")
    assert fits_the_screen(phone)

    fill_visit(phone, picture, "再次检查背街小巷卫生，复查上次发现的问题整改情况")
    phone.click("#submit")
    phone.wait_for_url(lambda url: url.endswith(f"/visits/{first.pk + 1}/"))
    flags = phone.inner_text("#flags")
    assert str(FlagKind.REUSED_PHOTO.label) in flags or "照片重复使用" in flags
    assert "市卫生健康局" in flags
    assert fits_the_screen(phone)


def test_a_form_sent_without_signal_is_kept_and_sent_later(phone, liaison, city):
    log_in(phone)
    fill_visit(phone, pictures.jpeg("offline"), "入户发放健康教育宣传资料两百份，张贴公益广告十张")
    phone.context.set_offline(True)
    phone.click("#submit")
    phone.wait_for_selector("#outbox:not([hidden])")
    assert phone.inner_text("#outbox-count") == "1"
    # 立即发送 with still no signal keeps the form where it is.
    phone.click("#outbox-send")
    phone.wait_for_selector("#outbox-send:not([disabled])")
    assert phone.inner_text("#outbox-count") == "1"
    assert not Visit.objects.exists()
    # The signal comes back: the page sends what it kept by itself (the browser's online event),
    # so the liaison need not remember to.
    phone.context.set_offline(False)
    phone.wait_for_selector("#outbox[hidden]", state="attached")
    visit = Visit.objects.get()
    assert visit.photos.count() == 1
    assert "0" == phone.inner_text("#outbox-count")
