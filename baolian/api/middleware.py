from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from baolian.api.errors import is_error_body, status_response

API_PREFIX = "/api/v1/"
PAGES = ("/api/v1/docs/",)  # HTML pages under the API's address keep their own error pages


class ApiErrorBodyMiddleware:
    """Answers under /api/v1/ that fail outside the API's own code — the size limit, Django's
    404 for an unknown address, a 405, the login lockout, a crash — get the one error body
    too, so a program never has to parse an HTML page. Outermost, so it sees them all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or request.path.startswith(PAGES):
            return response
        if getattr(request, "axes_locked_out", False):
            return status_response(429)
        if response.status_code >= 400 and not (
            response.get("Content-Type", "").startswith("application/json")
            and is_error_body(response.content)
        ):
            return status_response(response.status_code)
        return response
