"""How people's typing of names is made comparable."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")

# People type 下津村 where the statistics say 下津村民委员会; both must find the same row.
_COMMUNITY_SUFFIXES = (
    ("村民委员会", "村"),
    ("村民委会", "村"),
    ("村委会", "村"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
)


def clean_text(value: object) -> str:
    """A cell or form value as a trimmed string (NBSP and ideographic spaces trimmed too)."""
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ").replace("\u3000", " ")
    return text.strip()


# An import asks for the key of the same few thousand names many times over (every pairing
# names its unit, street and leader); the keys are pure functions of the text.
KEY_CACHE = 1 << 17


@lru_cache(maxsize=KEY_CACHE)
def name_key(name: str) -> str:
    """The key two names are compared by: full/half width folded, all spaces removed."""
    key = clean_text(name)
    # One pass is not always enough: NFKC writes ´ as a space and a combining accent, and once
    # the space is gone the accent joins the letter before it. Fold until nothing changes, so
    # that a key is its own key and a space typed before an accent changes nothing.
    for _pass in range(4):
        folded = _SPACES.sub("", unicodedata.normalize("NFKC", key)).casefold()
        if folded == key:
            break
        key = folded
    return key


@lru_cache(maxsize=KEY_CACHE)
def community_key(name: str) -> str:
    key = name_key(name)
    for long, short in _COMMUNITY_SUFFIXES:
        if key.endswith(long) and len(key) > len(long):
            stem = key[: -len(long)]
            # Official names often repeat the kind: 上津村村民委员会, 湖滨社区居委会.
            return stem if stem.endswith(short) else stem + short
    return key
