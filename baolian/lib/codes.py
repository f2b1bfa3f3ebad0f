"""编号 for rows made in the app, so exports carry a stable id and re-importing updates them."""

from __future__ import annotations


def free_code(model: type, wanted: str) -> str:
    code, n = wanted, 1
    while model.objects.filter(code=code).exists():  # type: ignore[attr-defined]
        n += 1
        code = f"{wanted}-{n}"
    return code
