"""Amounts of money as people type them and as the bulletin prints them."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

MAX_YUAN = Decimal("999999999999.99")  # the column's 14 digits
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")


class AmountInvalid(ValueError):
    """The text is not an amount of yuan; `reason` says why, for the person who typed it."""

    def __init__(self, reason: object) -> None:
        super().__init__(str(reason))
        self.reason = reason


def parse_yuan(raw: object) -> Decimal | None:
    """12,345.6 元 → Decimal('12345.60'); empty → None.

    Refuses negatives, more than two decimal places (fen) and anything that is not a number:
    an amount is never rounded silently.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise AmountInvalid(_("“%(value)s” is not an amount of yuan.") % {"value": raw})
    if isinstance(raw, (int, Decimal)):
        text = str(raw)
    elif isinstance(raw, float):
        # A spreadsheet number cell: its shortest repr is what the person typed.
        text = repr(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip()
    for junk in ("元", "¥", "￥", " ", "\u00a0"):
        text = text.replace(junk, "")
    if not text:
        return None
    if "," in text and not _GROUPED.match(text.lstrip("-")):
        raise AmountInvalid(
            _("“%(value)s”: thousands separators in the wrong places.") % {"value": raw}
        )
    text = text.replace(",", "")
    if text.startswith("-") and _PLAIN.match(text[1:]):
        raise AmountInvalid(_("An amount cannot be negative."))
    if not _PLAIN.match(text):
        raise AmountInvalid(_("“%(value)s” is not an amount of yuan.") % {"value": raw})
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        raise AmountInvalid(_("“%(value)s” is not an amount of yuan.") % {"value": raw}) from None
    if value != value.quantize(Decimal("0.01")):
        raise AmountInvalid(_("An amount has at most two decimal places (fen)."))
    if value > MAX_YUAN:
        raise AmountInvalid(_("The amount is too large."))
    return value.quantize(Decimal("0.01"))


def format_wan(yuan: Decimal | None) -> str:
    """1252940 → 125.294万元; exact, without trailing zeros (DESIGN §4)."""
    if yuan is None:
        return ""
    wan = (Decimal(yuan) / Decimal(10000)).normalize()
    text = format(wan, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}万元"


def format_yuan(yuan: Decimal | None) -> str:
    """12345.5 → 12,345.50元."""
    if yuan is None:
        return ""
    return f"{Decimal(yuan):,.2f}元"
