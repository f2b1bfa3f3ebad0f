"""Every UI text has its Chinese, and the compiled catalogue says what the .po says."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
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


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext (xgettext) is not installed")
def test_every_text_in_the_code_is_in_a_catalogue(tmp_path, monkeypatch, settings):
    """Extracts the messages again, the Makefile's way, into a copy of the tree: a text marked
    for translation that no catalogue holds would show in English and pass the tests above."""
    copy = tmp_path / "baolian"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    apps = sorted(path.parent.name for path in copy.glob("*/locale"))
    settings.LOCALE_PATHS = [copy / "locale"]
    options = {"locale": ["zh_Hans"], "no_obsolete": True, "add_location": "file", "verbosity": 0}
    monkeypatch.chdir(copy)
    call_command("makemessages", ignore_patterns=list(apps), **options)  # it appends to the list
    for app in apps:
        monkeypatch.chdir(copy / app)
        call_command("makemessages", **options)
    missing = [
        f"{po.relative_to(copy)}: {_text(m[2])}"
        for po in sorted(copy.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
        for m in ENTRY.finditer(po.read_text("utf-8"))
        if _text(m[2]) and not _text(m[4])
    ]
    assert missing == []


# Texts translated by their value on purpose: Django's model names, already in a catalogue.
DYNAMIC = {("accounts/admin.py", "gettext")}
MARKERS = {"gettext", "gettext_lazy", "_", "pgettext", "ngettext", "pgettext_lazy", "ngettext_lazy"}


def test_every_translated_text_is_a_literal_outside_f_strings():
    """makemessages finds only a literal text outside an f-string: `gettext(text)` in a loop,
    or `f"{gettext('not paired')}"`, shows English on a Chinese page once no template holds
    the same text ('not paired' did)."""
    hidden = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        in_fstrings = {
            id(call)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for call in ast.walk(node)
            if isinstance(call, ast.Call)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in MARKERS or not node.args:
                continue
            where = (str(path.relative_to(ROOT)), node.func.id)
            literal = isinstance(node.args[0], ast.Constant)
            if id(node) in in_fstrings or (not literal and where not in DYNAMIC):
                hidden.append(f"{where[0]}:{node.lineno}")
    assert hidden == []
