"""Every UI text has its Chinese, and the compiled catalogue says what the .po says."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parents[1] / "baolian"
# The project's catalogue and each app's own (baolian/<app>/locale/).
POS = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural ((?:".*"\n)+))?msgstr(?:\[0\])? ((?:".*"\n?)+)', re.M
)


def _text(quoted: str) -> str:
    return "".join(ast.literal_eval(line) for line in quoted.strip().splitlines())


def _entries() -> list[tuple[str, str | None, str]]:
    """(msgid, msgid_plural or None, msgstr) of every message."""
    entries = [
        (_text(m[1]), _text(m[2]) if m[2] else None, _text(m[3]))
        for po in POS
        for m in ENTRY.finditer(po.read_text("utf-8"))
    ]
    return [entry for entry in entries if entry[0]]


def test_every_message_has_a_chinese_translation():
    untranslated = [msgid for msgid, _plural, msgstr in _entries() if not msgstr]
    assert untranslated == []
    assert len(_entries()) > 100


def test_the_compiled_catalogue_matches_the_po_file():
    """Fails when someone edits the .po and forgets `make messages` (which compiles the .mo)."""
    with translation.override("zh-hans"):
        stale = [
            msgid
            for msgid, plural, msgstr in _entries()
            if (translation.ngettext(msgid, plural, 1) if plural else translation.gettext(msgid))
            != msgstr
        ]
    assert stale == []
