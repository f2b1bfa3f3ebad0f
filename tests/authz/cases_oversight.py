"""Report and bulletin pages. Drafts are the office's and inspectors'; publishing and the
letterhead are the office's; the report is for the office, inspectors and leaders."""

from __future__ import annotations

from datetime import date

from tests.authz.matrix import FORBIDDEN, NOT_FOUND, OK, Case, everyone, only

SEES_ALL = {"admin", "inspector"}


def setup(world) -> None:
    from baolian.oversight.models import Bulletin

    def draft(number: int) -> Bulletin:
        return Bulletin.objects.create(
            year=2021,
            number=number,
            period_start=date(2021, 4, 1),
            period_end=date(2021, 6, 30),
            body="一、总体情况\n测试正文。",
            issuer="市创卫办",
            issued_on=date(2021, 7, 1),
        )

    world.extra.update(draft=draft(1), draft_to_publish=draft(2), draft_to_delete=draft(3))


CASES = {
    "oversight:report": Case(
        lambda w: "/oversight/report/?from=2021-04-01&to=2021-06-30",
        only(SEES_ALL | {"leader"}),
    ),
    "oversight:report_xlsx": Case(
        lambda w: "/oversight/report.xlsx?to=2021-06-30", only(SEES_ALL | {"leader"})
    ),
    "oversight:bulletin_list": Case(lambda w: "/oversight/bulletins/", everyone(OK)),
    "oversight:bulletin_new": Case(lambda w: "/oversight/bulletins/new/", only(SEES_ALL)),
    "oversight:bulletin_detail": Case(
        lambda w: f"/oversight/bulletins/{w.draft.pk}/", only(SEES_ALL, other=NOT_FOUND)
    ),
    "oversight:bulletin_edit": Case(
        lambda w: f"/oversight/bulletins/{w.draft.pk}/edit/",
        only(SEES_ALL, ok=302, other=NOT_FOUND),
        method="post",
        data=lambda w: {"body": "一、总体情况\n改过的正文。", "issuer": "市创卫办"},
    ),
    "oversight:bulletin_cases": Case(
        lambda w: f"/oversight/bulletins/{w.draft.pk}/cases/",
        only(SEES_ALL, ok=302, other=NOT_FOUND),
        method="post",
        data=lambda w: {},
    ),
    "oversight:bulletin_publish": Case(
        lambda w: f"/oversight/bulletins/{w.draft_to_publish.pk}/publish/",
        {**only({"admin"}, ok=302, other=NOT_FOUND), "inspector": FORBIDDEN},
        method="post",
        data=lambda w: {},
    ),
    "oversight:bulletin_delete": Case(
        lambda w: f"/oversight/bulletins/{w.draft_to_delete.pk}/delete/",
        {**only({"admin"}, ok=302, other=NOT_FOUND), "inspector": FORBIDDEN},
        method="post",
        data=lambda w: {},
    ),
    "oversight:bulletin_file": Case(
        lambda w: f"/oversight/bulletins/{w.draft.pk}/file.docx",
        only(SEES_ALL, other=NOT_FOUND),
    ),
    "oversight:letterhead": Case(lambda w: "/oversight/letterhead/", only({"admin"})),
}
