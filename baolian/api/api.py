"""The API's one entry point: /api/v1/, its OpenAPI document, its routers."""

from __future__ import annotations

from ninja import NinjaAPI

from baolian.api import bulletins, metrics, problems, roster, tokens, visits
from baolian.api.auth import API_AUTH
from baolian.api.errors import install_handlers

DESCRIPTION = """包联 API：与网页相同的权限范围和业务规则。

The Baolian API: the same scoping and the same rules as the pages.

- **Authentication**: `Authorization: Bearer <token>` (make one on the page /api/tokens/), or the
  browser's session cookie with its CSRF token (`X-CSRFToken`) for unsafe methods.
- **Errors**: always `{"error": {"code", "message" (中文), "message_en", "field"}}`.
- **Pages**: list endpoints take `page` and `page_size` (≤ 200) and answer
  `{count, page, page_size, items}`.
"""

api = NinjaAPI(
    title="包联 Baolian API",
    version="1",
    description=DESCRIPTION,
    auth=API_AUTH,
    urls_namespace="api",
    docs_url=None,  # our own page serves vendored assets under the CSP (baolian.api.views)
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("/", roster.router)
api.add_router("/", tokens.router)
api.add_router("/", metrics.router)
api.add_router("/", bulletins.router)
api.add_router("/", visits.router)
api.add_router("/", problems.router)
