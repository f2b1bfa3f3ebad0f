"""Every UI text has its Chinese, and the compiled catalogue says what the .po says."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parents[1] / "baolian"
# The project's catalogue and each app's own (baolian/<app>/locale/).
POS = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
# A msgctxt tells apart one English text with two meanings ("Quota": the number, or met or not).
ENTRY = re.compile(
    r'^(?:msgctxt ((?:".*"\n)+))?'
    r'msgid ((?:".*"\n)+)(?:msgid_plural ((?:".*"\n)+))?msgstr(?:\[0\])? ((?:".*"\n?)+)',
    re.M,
)


def _text(quoted: str) -> str:
    return "".join(ast.literal_eval(line) for line in quoted.strip().splitlines())


def _entries(with_context: bool = False) -> list[tuple]:
    """(msgid, msgid_plural or None, msgstr) of every message; (context, ...) when asked."""
    entries = [
        (_text(m[1]) if m[1] else None, _text(m[2]), _text(m[3]) if m[3] else None, _text(m[4]))
        for po in POS
        for m in ENTRY.finditer(po.read_text("utf-8"))
    ]
    return [entry if with_context else entry[1:] for entry in entries if entry[1]]


def test_every_message_has_a_chinese_translation():
    untranslated = [msgid for msgid, _plural, msgstr in _entries() if not msgstr]
    assert untranslated == []
    assert len(_entries()) > 100


def test_the_compiled_catalogue_matches_the_po_file():
    """Fails when someone edits the .po and forgets `make messages` (which compiles the .mo)."""
    with translation.override("zh-hans"):
        stale = [
            msgid
            for context, msgid, plural, msgstr in _entries(with_context=True)
            if _runtime(context, msgid, plural) != msgstr
        ]
    assert stale == []


def _runtime(context: str | None, msgid: str, plural: str | None) -> str:
    if context:
        if plural:
            return translation.npgettext(context, msgid, plural, 1)
        return translation.pgettext(context, msgid)
    return translation.ngettext(msgid, plural, 1) if plural else translation.gettext(msgid)
