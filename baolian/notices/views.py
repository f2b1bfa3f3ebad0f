"""Inbox pages: each user reads what was sent to them; the office reads what went to whom."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from baolian.accounts.scoping import scope_of
from baolian.lib.paging import Paginator
from baolian.notices import selectors, services
from baolian.notices.models import Notice, NoticeKind


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page})


@login_required
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the recipient opens a notice here (the office reads others' in the sent list):
    # opening marks it read, which must not happen when someone else looks.
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user, sent_at__isnull=False)
    services.notice_mark_read(user=request.user, notices=[notice.pk])
    if request.GET.get("go") and notice.link and _safe(request, notice.link):
        return redirect(notice.link)
    return render(request, "notices/notice.html", {"notice": notice})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notice_mark_read(user=request.user)
    return redirect("notices:inbox")


@login_required
def sent(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).is_office:
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    kind = kind if kind in NoticeKind.values else ""
    recipient = request.GET.get("to", "").replace("\x00", "").strip()[:150]
    rows = selectors.sent_notices(user=request.user, kind=kind, recipient=recipient)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    chats = selectors.sent_chat_messages(user=request.user)[:100]
    return render(
        request,
        "notices/sent.html",
        {"page": page, "chats": chats, "kinds": NoticeKind.choices, "kind": kind, "to": recipient},
    )


def _safe(request: HttpRequest, link: str) -> bool:
    return url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()})
