"""The API's list endpoint against a bare Django JSON view: requests per second, same run.

`python -m bench api` (BAOLIAN_BENCH_API_REQUESTS=1000 for steadier numbers). Every variant
answers the same request — the first page of 50 units of the demo city, as the office, with
the liaison phone rule applied — so the difference is what the framework costs:

- floor: a plain Django view (login_required, the selector, a dict per row, JsonResponse);
- django-ninja: the real `GET /api/v1/units` (session, then a token);
- DRF: an APIView + ModelSerializer + PageNumberPagination, when djangorestframework is
  installed (it is not a dependency; `pip install djangorestframework` to compare).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable

PAGE = 50
urlpatterns: list = []  # filled in by _routes() once Django is set up


def _routes() -> list:
    from django.contrib.auth.decorators import login_required
    from django.http import JsonResponse

    from baolian.accounts.scoping import scope_of
    from baolian.api.rules import can_see_phone, masked_phone
    from baolian.roster import selectors
    from baolian.urls import urlpatterns as site

    def row(unit, scope) -> dict:
        phone = unit.liaison_phone
        return {
            "id": unit.pk,
            "name": unit.name,
            "category": unit.category,
            "liaison_name": unit.liaison_name,
            "liaison_phone": phone
            if can_see_phone(scope, unit_id=unit.pk)
            else masked_phone(phone),
            "sort_order": unit.sort_order,
        }

    @login_required
    def bare(request):
        rows = selectors.unit_list(user=request.user)
        scope = scope_of(request.user)
        page = [row(u, scope) for u in rows[:PAGE]]
        return JsonResponse({"count": rows.count(), "page": 1, "page_size": PAGE, "items": page})

    from django.urls import path

    routes = [path("bench/bare/units", bare)]
    try:
        from rest_framework import serializers
        from rest_framework.authentication import SessionAuthentication
        from rest_framework.pagination import PageNumberPagination
        from rest_framework.permissions import IsAuthenticated
        from rest_framework.renderers import JSONRenderer
        from rest_framework.views import APIView
    except ImportError:
        return site + routes

    from baolian.roster.models import Unit

    class UnitSerializer(serializers.ModelSerializer):
        liaison_phone = serializers.SerializerMethodField()

        class Meta:
            model = Unit
            fields = ["id", "name", "category", "liaison_name", "liaison_phone", "sort_order"]

        def get_liaison_phone(self, unit) -> str:
            scope = self.context["scope"]
            phone = unit.liaison_phone
            return phone if can_see_phone(scope, unit_id=unit.pk) else masked_phone(phone)

    class Pages(PageNumberPagination):
        page_size = PAGE

    class DrfUnits(APIView):
        authentication_classes = [SessionAuthentication]
        permission_classes = [IsAuthenticated]
        renderer_classes = [JSONRenderer]

        def get(self, request):
            pages = Pages()
            rows = pages.paginate_queryset(selectors.unit_list(user=request.user), request, self)
            data = UnitSerializer(rows, many=True, context={"scope": scope_of(request.user)}).data
            return pages.get_paginated_response(data)

    return [*site, *routes, path("bench/drf/units", DrfUnits.as_view())]


def _rps(fn: Callable[[], object], requests: int) -> float:
    start = time.perf_counter()
    for _ in range(requests):
        fn()
    return requests / (time.perf_counter() - start)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="baolian-bench-api-")
    os.environ.setdefault("BAOLIAN_DATA_DIR", folder)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "baolian.settings"
    os.environ["BAOLIAN_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from baolian.accounts.models import User
    from baolian.api.services import token_create
    from baolian.demo.city import demo_city_build

    call_command("migrate", verbosity=0)
    demo_city_build(seed=2021)
    # Run as `-m bench.api` this module is __main__; the URL configuration imports bench.api.
    import bench.api as urls

    urls.urlpatterns = _routes()
    requests = int(os.environ.get("BAOLIAN_BENCH_API_REQUESTS", "50"))
    office = User.objects.get(username="office")
    secret = token_create(user=office, name="bench").secret
    session = Client()
    session.force_login(office)
    program = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def get(client: Client, path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path)
            if response.status_code != 200:  # a benchmark of an error measures nothing
                raise SystemExit(f"GET {path} answered {response.status_code}")
            return response

        return call

    variants = {
        "floor: bare Django JSON view": get(session, "/bench/bare/units"),
        "django-ninja GET /api/v1/units": get(session, f"/api/v1/units?page_size={PAGE}"),
        "django-ninja, token auth": get(program, f"/api/v1/units?page_size={PAGE}"),
    }
    with override_settings(ROOT_URLCONF="bench.api"):
        if any(str(p.pattern) == "bench/drf/units" for p in urls.urlpatterns):
            variants["DRF APIView + serializer"] = get(session, "/bench/drf/units")
        for call in variants.values():
            call()  # warm up: imports, first queries
        best = dict.fromkeys(variants, 0.0)
        for _round in range(3):  # interleaved rounds: a busy neighbour hurts all alike
            for name, call in variants.items():
                best[name] = max(best[name], _rps(call, requests))
    floor = best["floor: bare Django JSON view"]
    print(f"units list, {PAGE} per page, {requests} requests × 3 rounds (best round)")
    for name, rps in best.items():
        print(f"{name:<34} {rps:8.0f} req/s  {rps / floor:5.2f}x floor")
    if "DRF APIView + serializer" not in best:
        print("(DRF not installed: pip install djangorestframework to compare)")


if __name__ == "__main__":
    main()
