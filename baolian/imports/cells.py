"""Cell parsers: each turns one raw cell into a value or raises CellInvalid."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from baolian.imports.specs import header_key
from baolian.lib.dates import parse_date
from baolian.lib.text import clean_text

# Control characters other than tab and line breaks: invisible, and refused by XML and PDFs.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class CellInvalid(Exception):
    """A cell's value cannot be used; the message says why, for the user."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


class Noted(str):
    """A value accepted with a note the user sees in the preview (乡 read as 镇)."""

    note: object

    def __new__(cls, value: str, note: object) -> Noted:
        made = super().__new__(cls, value)
        made.note = note
        return made


def text(max_length: int) -> Callable[[object], str]:
    def parse(raw: object) -> str:
        if isinstance(raw, (bool, date, datetime, time)):
            # A date or TRUE where a name belongs is a cell pasted into the wrong column.
            raise CellInvalid(
                _("“%(value)s” is not text; this column holds names or codes.")
                % {"value": clean_text(raw)}
            )
        value = clean_text(raw)
        if isinstance(raw, float) and raw.is_integer():
            value = str(int(raw))  # a code or phone number typed into a number cell
        # Excel's "treat as text" apostrophe survives in CSV exports ('13800000000).
        value = value.removeprefix("'")
        if _CONTROL.search(value):
            raise CellInvalid(_("This cell holds invisible control characters; retype it."))
        if len(value) > max_length:
            raise CellInvalid(_("Too long: at most %(max)d characters.") % {"max": max_length})
        return value

    return parse


def choice(
    options: dict[str, str],
    *,
    offered: tuple[str, ...] | None = None,
    notes: dict[str, object] | None = None,
) -> Callable[[object], str]:
    """One of `options` (label -> value); the template's drop-down offers `offered` labels,
    or all, while the importer still accepts every label (乡 is typed for 镇). A label in
    `notes` is accepted with that note shown in the preview."""
    keyed = {header_key(label): value for label, value in options.items()}
    noted = {header_key(label): note for label, note in (notes or {}).items()}

    def parse(raw: object) -> str:
        try:
            value = keyed[header_key(raw)]
            if header_key(raw) in noted:
                return Noted(value, noted[header_key(raw)])
            return value
        except KeyError:
            raise CellInvalid(
                _("“%(value)s” is not one of: %(options)s.")
                % {"value": clean_text(raw), "options": "、".join(options)}
            ) from None

    parse.options = list(offered or options)  # type: ignore[attr-defined]  # the drop-down
    return parse


def date_cell(raw: object) -> object:
    try:
        return parse_date(raw)
    except (ValueError, OverflowError):
        raise CellInvalid(
            _("“%(value)s” is not a date. Write it as 2021-04-05, 2021/4/5 or 2021年4月5日.")
            % {"value": clean_text(raw)}
        ) from None


def decimal_cell(
    *, minimum: Decimal | None = None, maximum: Decimal | None = None, places: int = 2
) -> Callable[[object], Decimal]:
    def parse(raw: object) -> Decimal:
        cleaned = unicodedata.normalize("NFKC", clean_text(raw))
        for junk in (",", " ", "元", "¥", "￥"):
            cleaned = cleaned.replace(junk, "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise CellInvalid(
                _("“%(value)s” is not a number.") % {"value": clean_text(raw)}
            ) from None
        if not value.is_finite():
            raise CellInvalid(_("“%(value)s” is not a number.") % {"value": clean_text(raw)})
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise CellInvalid(
                _("%(value)s is outside the allowed range %(min)s to %(max)s.")
                % {"value": cleaned, "min": minimum, "max": maximum}
            )
        return value.quantize(Decimal(1).scaleb(-places))

    return parse


def bool_cell(raw: object) -> bool:
    key = header_key(raw)
    if key in {"是", "y", "yes", "1", "true", "对", "√"}:
        return True
    if key in {"否", "n", "no", "0", "false", "×"}:
        return False
    raise CellInvalid(_("Write 是 or 否 (Y/N, 1/0 also work)."))
