from __future__ import annotations

from django.http import HttpRequest

from baolian.notices.selectors import unread_count


def unread_notices(request: HttpRequest) -> dict[str, object]:
    """The unread count for the header's inbox link (one indexed count per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": unread_count(user=user)}
