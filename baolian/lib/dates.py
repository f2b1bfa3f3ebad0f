"""Dates as people type them and as government documents print them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_TYPED = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_EXCEL_EPOCH = date(1899, 12, 30)
# A date cell saved under General format arrives as a bare serial number. Only serials of
# plausible campaign dates count as dates (1990-01-01 .. 2099-12-31): a 2021 typed into a
# date column is a mistake to report, not 1905-07-13.
_PLAUSIBLE_SERIALS = range(32874, 73051)


def parse_date(value: object) -> date | None:
    """A date from an Excel cell or typed text; None when empty; ValueError when unreadable.

    Accepts real date cells, Excel serial numbers (a date cell saved under General format),
    and 2021-04-05, 2021/4/5, 2021.4.5, 2021年4月5日 (optionally followed by a time).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) in _PLAUSIBLE_SERIALS:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(value)
    text = str(value).replace("\u3000", " ").strip()
    if not text:
        return None
    text = re.split(r"[ T]\d{1,2}:\d{2}", text, maxsplit=1)[0]
    match = _TYPED.match(text)
    if not match:
        raise ValueError(value)
    year, month, day = (int(part) for part in match.groups())
    return date(year, month, day)


def format_cn(value: date | None) -> str:
    """2021年6月30日 — the way the bulletin writes dates."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"
