"""How reports print figures: 万元 without trailing zeros, Chinese numerals, name lists."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

_DIGITS = "零一二三四五六七八九"


def wan(yuan: Decimal) -> str:
    """Yuan as 万元 without trailing zeros: 1252940 → '125.294', 0 → '0'."""
    value = (Decimal(yuan) / Decimal(10000)).normalize()
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def yuan(value: Decimal) -> str:
    """Yuan with thousands separators, no trailing zeros of cents: 7000.50 → '7,000.5'."""
    text = format(Decimal(value).normalize(), ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 18 → 十八, 21 → 二十一, 105 → 一百零五 (issue numbers, 第N期)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        return head + (_DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else ""))
    return str(n)


def names(items: Iterable[str]) -> str:
    """Names joined the way official documents list them: 、."""
    return "、".join(items)


def decimal(value: Fraction | Decimal | int | None, places: int = 2) -> str:
    """A ratio rounded for reading ('1.32'), '—' when there is none."""
    if value is None:
        return "—"
    value = Fraction(value)
    rounded = round(Decimal(value.numerator) / Decimal(value.denominator), places)
    text = format(rounded, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return decimal(value * 100, 1) + "%"
