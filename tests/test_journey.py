"""The whole journey in real Chromium, as people do it, through the pages only.

A liaison on a 360 px phone reports a visit with a photo; the community officer confirms it;
the liaison reports again with the same photo (so the system flags it); an inspector opens the
dashboard, follows the flag to the visit and turns its finding into a problem; the community
officer marks it rectified with an after photo; the inspector closes it; the office drafts,
edits, publishes and downloads the bulletin. Every step is saved as a screenshot into pytest's
tmp dir (and into $BAOLIAN_JOURNEY_SHOTS when set) so a person can look at each page.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from baolian.accounts.models import Role
from baolian.demo import pictures
from baolian.oversight.models import Bulletin
from baolian.problems.models import Problem, ProblemState
from baolian.visits.models import Confirmation, Visit
from tests.conftest import CORPORA
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
docx = pytest.importorskip("docx")

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 860}
PASSWORD = "Journey-pass-2021"
# A real phone's JPEG from the shared corpus when present: its EXIF was written by a camera.
REAL_PHOTO = CORPORA / "photos" / "gps_phone_apple_iphone4.jpg"


@pytest.fixture
def people(transactional_db, live_server, city, users):
    """Real accounts with passwords; the community officer is 桥东社区's, where the liaison's
    unit (市卫生健康局) is paired."""
    users["qiaodong"] = UserFactory(username="qiaodong", role=Role.COMMUNITY, community=city.c11)
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    return users


class Shots:
    """Numbered screenshots of each step; a phone's page must also fit its 360 px."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.extra = os.environ.get("BAOLIAN_JOURNEY_SHOTS")
        self.count = 0

    def __call__(self, page, name: str) -> None:
        self.count += 1
        path = self.folder / f"{self.count:02d}_{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if self.extra:
            Path(self.extra).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(self.extra) / path.name)
        width = page.viewport_size["width"]
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= width, (
            f"step {name}: the page is {scrolled}px wide on a {width}px screen"
        )


@pytest.fixture
def shots(tmp_path) -> Shots:
    folder = tmp_path / "journey"
    folder.mkdir()
    return Shots(folder)


def open_as(browser, live_server, username: str, *, phone: bool):
    """A fresh browser (its own cookies) logged in through the login page."""
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(
        locale="zh-CN",
        base_url=live_server.url,
        accept_downloads=True,
        **(options or {"viewport": DESK}),
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/")
    page.wait_for_url("**/login/**")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def menu_link(page, href: str):
    """The menu entry to `href`: on a phone it hides in the folded menu, opened by a tap."""
    menu = page.locator("details.nav-menu")
    if menu.is_visible():
        if not menu.evaluate("d => d.open"):
            menu.locator("summary").tap()
        return menu.locator(f'a[href="{href}"]')
    return page.locator(f'.nav-wide a[href="{href}"]')


def photo_bytes() -> bytes:
    if REAL_PHOTO.is_file():
        return REAL_PHOTO.read_bytes()
    now = timezone.localtime()
    return pictures.jpeg("journey", taken_at=datetime(now.year, now.month, now.day, 9))


def after_photo() -> bytes:
    now = timezone.localtime()
    return pictures.jpeg("journey-after", taken_at=datetime(now.year, now.month, now.day, 15))


def report_visit(page, photo: bytes, summary: str) -> None:
    page.check("input[name=kinds][value='2']")
    page.fill("textarea[name=summary]", summary)
    page.fill("textarea[name=findings]", "巷口垃圾乱堆放，沟渠污臭")
    page.set_input_files(
        "#id_photos", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": photo}]
    )
    page.click("#submit")
    page.wait_for_url(re.compile(r"/visits/\d+/$"))


def test_the_whole_journey_from_a_phone_to_the_bulletin(browser, live_server, people, city, shots):
    photo = photo_bytes()

    # 1. The liaison, on a phone, reports a visit with a photo.
    liaison = open_as(browser, live_server, "liaison", phone=True)
    shots(liaison, "liaison_home")
    menu_link(liaison, "/visits/new/").tap()
    liaison.wait_for_url("**/visits/new/")
    shots(liaison, "liaison_report_form")
    report_visit(liaison, photo, "检查背街小巷卫生，督促清理卫生死角三处，发放宣传资料一百份")
    first = Visit.objects.get()
    assert first.photos.count() == 1
    assert "包联" in liaison.inner_text("main") or "桥东社区" in liaison.inner_text("main")
    shots(liaison, "liaison_visit_recorded")

    # 2. The community officer confirms it, from the list of visits waiting for an answer.
    officer = open_as(browser, live_server, "qiaodong", phone=True)
    shots(officer, "community_home")
    officer.locator('a[href*="state=pending"]').first.tap()  # 待确认的包联行动
    officer.wait_for_url("**state=pending**")
    officer.locator(f'a[href="/visits/{first.pk}/"]').first.tap()
    officer.wait_for_url(f"**/visits/{first.pk}/")
    officer.locator("button[name=decision][value=confirm]").tap()
    officer.locator("#confirmation", has_text="已确认").wait_for()
    first.refresh_from_db()
    assert first.confirmation == Confirmation.CONFIRMED
    shots(officer, "community_confirmed")

    # 3. The liaison reports again with the very same photo: the system flags the reuse.
    menu_link(liaison, "/visits/new/").tap()
    liaison.wait_for_url("**/visits/new/")
    report_visit(liaison, photo, "再次检查背街小巷卫生，复查上次发现的问题整改情况")
    second = Visit.objects.exclude(pk=first.pk).get()
    assert second.flags.exists()
    shots(liaison, "liaison_second_visit_flagged")

    # 4. The inspector opens the dashboard, follows the flagged visits to the visit, confirms
    # the flag as a problem and lists the problem from it.
    inspector = open_as(browser, live_server, "inspector", phone=False)
    menu_link(inspector, "/dashboard/").click()
    inspector.wait_for_url("**/dashboard/**")
    shots(inspector, "inspector_dashboard")
    inspector.locator(".headline a[href*='flag=any']").click()
    inspector.wait_for_url("**flag=any**")
    shots(inspector, "inspector_flagged_visits")
    inspector.locator(f'a[href="/visits/{second.pk}/"]').first.click()
    inspector.wait_for_url(f"**/visits/{second.pk}/")
    flag = inspector.locator("#flags article.flag").first
    flag.locator("summary").click()
    flag.locator("input[name=review][value=problem]").check()
    flag.locator("textarea[name=comment]").fill("同一张照片用于两次包联行动")
    flag.locator("button[type=submit]").click()
    inspector.locator("#flags .flag.problem").wait_for()
    shots(inspector, "inspector_flag_reviewed")
    inspector.locator("a.to-problem").first.click()
    inspector.wait_for_url("**/problems/new/**")
    shots(inspector, "inspector_problem_form")
    inspector.fill("input[name=deadline]", f"{timezone.localdate().year + 1}-06-30")
    inspector.locator("main form button[type=submit]").click()
    inspector.wait_for_url(re.compile(r"/problems/\d+/$"))
    problem = Problem.objects.get()
    assert problem.source_visit_id == second.pk
    assert problem.community == city.c11
    shots(inspector, "inspector_problem_listed")

    # 5. The community officer marks it rectified with an after photo.
    menu_link(officer, "/problems/").tap()
    officer.wait_for_url("**/problems/**")
    shots(officer, "community_problems")
    officer.locator(f'a[href="/problems/{problem.pk}/"]').first.tap()
    officer.wait_for_url(f"**/problems/{problem.pk}/")
    officer.fill("textarea[name=note]", "已清运垃圾，疏通沟渠")
    officer.set_input_files(
        "form[action$='/rectify/'] input[type=file]",
        files=[{"name": "after.jpg", "mimeType": "image/jpeg", "buffer": after_photo()}],
    )
    officer.locator("form[action$='/rectify/'] button[type=submit]").tap()
    officer.locator("#after-photos img").first.wait_for()
    problem.refresh_from_db()
    assert problem.state == ProblemState.RECTIFIED
    shots(officer, "community_rectified")

    # 6. The inspector compares before (the visit's photo) and after, and closes it.
    inspector.reload()
    assert inspector.locator(".photo-pair img").count() == 2
    assert inspector.locator(f'#source-visit a[href="/visits/{second.pk}/"]').is_visible()
    inspector.locator("form[action$='/close/'] button[type=submit]").click()
    inspector.locator("#state", has_text="已销号").wait_for()
    problem.refresh_from_db()
    assert problem.state == ProblemState.CLOSED
    shots(inspector, "inspector_closed")

    # 7. The office drafts the bulletin, edits its text, publishes it and downloads the Word file.
    office = open_as(browser, live_server, "office", phone=False)
    menu_link(office, "/oversight/bulletins/").click()
    office.wait_for_url("**/oversight/bulletins/")
    office.locator('a[href="/oversight/bulletins/new/"]').click()
    shots(office, "office_new_bulletin")
    office.locator("main form button[type=submit]").click()
    office.wait_for_url(re.compile(r"/oversight/bulletins/\d+/$"))
    shots(office, "office_draft")
    body = office.locator("textarea[name=body]")
    body.fill(body.input_value() + "\n各单位要对照问题清单，抓好整改落实。")
    office.locator("form[action$='/edit/'] button[type=submit]").click()
    office.wait_for_url(re.compile(r"/oversight/bulletins/\d+/$"))
    bulletin = Bulletin.objects.get()
    assert "抓好整改落实" in bulletin.body
    office.locator("form[action$='/publish/'] button[type=submit]").click()
    office.wait_for_url(re.compile(r"/oversight/bulletins/\d+/$"))
    bulletin.refresh_from_db()
    assert bulletin.is_published
    shots(office, "office_published")
    with office.expect_download() as download:
        office.locator(f'a[href="/oversight/bulletins/{bulletin.pk}/file.docx"]').first.click()
    saved = shots.folder / "bulletin.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert "抓好整改落实" in text
    assert f"开展包联行动共{Visit.objects.count()}场次" in text, text

    for page in (liaison, officer, inspector, office):
        page.context.close()
