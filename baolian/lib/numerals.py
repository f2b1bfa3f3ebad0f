"""Chinese numerals as the national standard numbers its items: （一）…（十）…（四十）."""

from __future__ import annotations

import re

DIGITS = "零一二三四五六七八九"
_VALUE = {char: index for index, char in enumerate(DIGITS)} | {"〇": 0, "两": 2}


def cn_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 40 → 四十, 105 → 一百零五 (0 < number < 1000)."""
    if not 0 < number < 1000:
        raise ValueError(number)
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = ""
    if hundreds:
        text += DIGITS[hundreds] + "百"
        if rest and tens == 0:
            text += "零"
    if tens:
        text += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    if ones:
        text += DIGITS[ones]
    return text


_BRACKETS = re.compile(r"^[（(【\[]?\s*(.+?)\s*[）)】\]]?[、.．]?$")


def parse_numeral(text: str) -> int | None:
    """（十）, (10), 十, 10, 第十条 → 10; None when the text is not a number."""
    text = text.strip()
    if text.startswith("第"):
        text = text[1:].removesuffix("条").removesuffix("项")
    match = _BRACKETS.match(text)
    if not match:
        return None
    core = match.group(1)
    if core.isdigit():
        return int(core)
    if not core or any(char not in _VALUE and char not in "十百" for char in core):
        return None
    total, current = 0, 0
    for char in core:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _VALUE[char]
    total += current
    return total or None
