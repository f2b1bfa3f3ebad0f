from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page left open too long, or from a browser that refuses cookies:
    said in the product's language and layout, with a way back (not Django's English page).
    The technical reason stays out of the page; it says nothing the user can act on."""
    return render(request, "403_csrf.html", status=403)
