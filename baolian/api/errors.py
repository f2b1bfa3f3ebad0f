"""One error body for every API answer that is not a success (issue #10):

    {"error": {"code": "...", "message": "<中文>", "message_en": "...", "field": "name" | null}}

Everything that can go wrong in a request — parsing, validation, authentication, scoping,
a rule of a service, a body too large, even a bug — is turned into this body here.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("baolian.api")


class ErrorDetail(Schema):
    code: str
    message: str
    message_en: str
    field: str | None = None


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    """Raised anywhere below an endpoint; `message` is an English msgid with %(name)s params."""

    def __init__(
        self,
        status: int,
        code: str,
        message: Any,
        *,
        field: str | None = None,
        message_en: str | None = None,
        **params: Any,
    ) -> None:
        # message_en: for a message that arrives already translated (the photos module's).
        self.message_en = message_en
        self.status, self.code, self.message, self.field, self.params = (
            status,
            code,
            message,
            field,
            params,
        )
        super().__init__(code)


def in_both(message: Any, params: dict[str, Any] | None = None) -> tuple[str, str]:
    """(Chinese, English) of one lazily translated message."""
    out = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            text = str(message)
            if params:
                text = text % {k: str(v) for k, v in params.items()}
            out.append(text)
    return out[0], out[1]


def error_body(code: str, message: Any, field: str | None = None, **params: Any) -> dict:
    zh, en = in_both(message, params)
    return {"error": {"code": code, "message": zh, "message_en": en, "field": field}}


def error_response(status: int, code: str, message: Any, field: str | None = None, **params: Any):
    response = JsonResponse(error_body(code, message, field, **params), status=status)
    response["Cache-Control"] = "no-store"
    return response


# What each failing HTTP status means when nothing more precise was said.
STATUS_MESSAGES = {
    400: ("bad_request", _("The request could not be read.")),
    401: ("unauthenticated", _("Sign in or send a valid API token.")),
    403: ("forbidden", _("You may not do this.")),
    404: ("not_found", _("Not found, or not yours to see.")),
    405: ("method_not_allowed", _("This address does not accept this method.")),
    409: ("conflict", _("This conflicts with what is already recorded.")),
    413: ("too_large", _("The request is too large.")),
    415: ("unsupported_media_type", _("Send JSON (Content-Type: application/json).")),
    422: ("invalid", _("Some input is not valid.")),
    429: ("locked_out", _("Too many failed sign-ins: try again later.")),
    500: ("server_error", _("Something went wrong on the server; the office has been told.")),
}


def status_response(status: int) -> JsonResponse:
    code, message = STATUS_MESSAGES.get(status, STATUS_MESSAGES[400 if status < 500 else 500])
    return error_response(status, code, message)


# Pydantic error types, said the way a person filling in a form understands them.
VALIDATION_MESSAGES = {
    "missing": _("This field is required."),
    "extra_forbidden": _("Unknown field: remove it."),
    "int_parsing": _("Must be a whole number."),
    "int_type": _("Must be a whole number."),
    "int_from_float": _("Must be a whole number."),
    "float_parsing": _("Must be a number."),
    "float_type": _("Must be a number."),
    "decimal_parsing": _("Must be a number."),
    "decimal_type": _("Must be a number."),
    "decimal_max_digits": _("The number has too many digits."),
    "decimal_max_places": _("The number has too many decimal places."),
    "string_type": _("Must be text."),
    "string_too_long": _("Too long (at most %(max_length)s characters)."),
    "string_too_short": _("Must not be empty."),
    "bool_parsing": _("Must be true or false."),
    "bool_type": _("Must be true or false."),
    "date_parsing": _("Must be a date such as 2021-04-05."),
    "date_from_datetime_parsing": _("Must be a date such as 2021-04-05."),
    "date_from_datetime_inexact": _("Must be a date such as 2021-04-05."),
    "date_type": _("Must be a date such as 2021-04-05."),
    "datetime_parsing": _("Must be a time such as 2021-04-05T09:30:00+08:00."),
    "datetime_from_date_parsing": _("Must be a time such as 2021-04-05T09:30:00+08:00."),
    "datetime_type": _("Must be a time such as 2021-04-05T09:30:00+08:00."),
    "uuid_parsing": _("Must be a UUID."),
    "uuid_type": _("Must be a UUID."),
    "greater_than_equal": _("Must be at least %(ge)s."),
    "greater_than": _("Must be more than %(gt)s."),
    "less_than_equal": _("Must be at most %(le)s."),
    "less_than": _("Must be less than %(lt)s."),
    "list_type": _("Must be a list."),
    "too_long": _("Too many items (at most %(max_length)s)."),
    "model_type": _("Must be a JSON object."),
    "model_attributes_type": _("Must be a JSON object."),
    "dict_type": _("Must be a JSON object."),
    "enum": _("Not one of the allowed values: %(expected)s."),
    "literal_error": _("Not one of the allowed values: %(expected)s."),
    "string_pattern_mismatch": _("Not in the expected form."),
    "value_error": _("Not a valid value: %(error)s"),
    "json_invalid": _("The body is not valid JSON: check quotes and commas."),
    "nul_character": _("Must not contain a NUL character."),
    "bad_unicode": _("Must be valid Unicode text."),
}
FALLBACK_VALIDATION = _("Not a valid value.")


def _field_of(loc: list | tuple) -> str | None:
    parts = list(loc)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        where = parts.pop(0)
        # A body is one parameter of the endpoint (named e.g. "payload"): not the user's field.
        if where in {"body", "form"} and parts:
            parts.pop(0)
    return ".".join(str(p) for p in parts) or None


def validation_response(errors: list[dict]) -> JsonResponse:
    first = errors[0] if errors else {}
    kind = first.get("type", "")
    ctx = {k: v for k, v in (first.get("ctx") or {}).items()}
    message = VALIDATION_MESSAGES.get(kind, FALLBACK_VALIDATION)
    field = _field_of(first.get("loc", ()))
    try:
        zh, en = in_both(message, ctx)
    except (KeyError, ValueError, TypeError):
        zh, en = in_both(FALLBACK_VALIDATION)
    if field:
        zh, en = f"{field}：{zh}", f"{field}: {en}"
    body: dict[str, dict[str, Any]] = {
        "error": {"code": "invalid", "message": zh, "message_en": en, "field": field}
    }
    if len(errors) > 1:
        body["error"]["more"] = len(errors) - 1  # the rest follow once this one is fixed
    return JsonResponse(body, status=422)


def django_validation_response(exc: DjangoValidationError) -> JsonResponse:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        text = "; ".join(messages)
    else:
        field, text = None, "; ".join(exc.messages)
    field = None if field in (None, "__all__") else field
    with translation.override("zh-hans"):
        zh = "; ".join(str(m) for m in _messages_of(exc, field))
    with translation.override("en"):
        en = "; ".join(str(m) for m in _messages_of(exc, field))
    body = {"error": {"code": "invalid", "message": zh or text, "message_en": en, "field": field}}
    return JsonResponse(body, status=422)


def _messages_of(exc: DjangoValidationError, field: str | None) -> list[str]:
    if hasattr(exc, "error_dict"):
        errors = exc.error_dict.get(field or "__all__") or next(iter(exc.error_dict.values()))
    else:
        errors = exc.error_list
    out = []
    for error in errors:
        message = error.message
        out.append(str(message % error.params) if error.params else str(message))
    return out


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = error_response(exc.status, exc.code, exc.message, exc.field, **exc.params)
        if exc.message_en:
            body = json.loads(response.content)
            body["error"]["message_en"] = exc.message_en
            response.content = json.dumps(body)
        return response

    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return validation_response(exc.errors)

    @api.exception_handler(DjangoValidationError)
    def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return django_validation_response(exc)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return status_response(401)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return error_response(
                400, "malformed_json", _("The body is not valid JSON: check quotes and commas.")
            )
        if exc.status_code == 403 and "CSRF" in str(exc):
            return error_response(
                403, "csrf_failed", _("The browser's CSRF token is missing or wrong: reload.")
            )
        return status_response(exc.status_code)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return status_response(404)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return status_response(403)

    @api.exception_handler(MultiPartParserError)
    def _bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        # e.g. multipart/form-data without its boundary: Django cannot split the body.
        return error_response(
            400, "malformed_multipart", _("The multipart body could not be read: resend it.")
        )

    @api.exception_handler(UnreadablePostError)
    def _unreadable(request: HttpRequest, exc: UnreadablePostError) -> HttpResponse:
        return status_response(400)

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return status_response(413)

    @api.exception_handler(Exception)
    def _bug(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug is still a bug (logged with its traceback), but the caller gets the one body.
        logger.exception("API error on %s %s", request.method, request.path)
        return status_response(500)


def is_error_body(content: bytes) -> bool:
    try:
        return "error" in json.loads(content)
    except (ValueError, TypeError):
        return False
