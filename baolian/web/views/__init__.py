"""The web pages, one module per area: `home`, `roster` (streets, communities, units,
leaders), `search`, `exports`. Imports live in `baolian.web.imports`; each domain app keeps
its own pages in `<app>/views.py`."""

from __future__ import annotations

from baolian.web.views.exports import xlsx_response

__all__ = ["xlsx_response"]
