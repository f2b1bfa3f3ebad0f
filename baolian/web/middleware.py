from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin


class ChineseFirstLocaleMiddleware(MiddlewareMixin):
    """Chinese unless the user chose otherwise (the language switch's cookie).

    Django's LocaleMiddleware also follows the browser's Accept-Language, so an office PC with
    an English browser would get English pages; Chinese is the working language here.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Content-Language", translation.get_language())
        # Worker threads are reused: leave no user's language behind for the next one.
        translation.activate(settings.LANGUAGE_CODE)
        return response


class SessionRefreshMiddleware:
    """Renew an active user's session now and then, instead of saving it on every request."""

    KEY = "_refreshed_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        # Only a session that exists: an API call signed by a token has none, and saving one
        # would write a new session row (and set a cookie) on every call.
        if (
            session is not None
            and session.session_key
            and user is not None
            and user.is_authenticated
        ):
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # modified: saved with a new expiry
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than any upload we accept, before it is read.

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but spools uploaded files of any
    size to disk first; the import form would only then say the file is too large.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(
                request,
                "413.html",
                {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
                status=413,
            )
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """Nothing a logged-in user receives — pages, tables, downloads — is kept by a shared
    cache, a proxy or the browser's disk: office PCs are shared, phones get lost. Applied to
    every response for an authenticated user, so a new app's pages get it without asking."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
