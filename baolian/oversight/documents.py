"""The bulletin as a data object the renderers (docx, md, html, pdf) format.

`BulletinDocument` holds words and table cells only; the renderers never count. The body text
follows the conventions of `writing.write_body` and is read back by `parse_body`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from baolian.lib.dates import format_cn
from baolian.oversight.formatting import cn_number, names, wan

HEADING = re.compile(r"^[一二三四五六七八九十百]+、")
SUBHEADING = re.compile(r"^（[一二三四五六七八九十百]+）")

BlockKind = Literal["heading", "subheading", "lead", "paragraph"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    lead: str = ""  # for "lead": the first sentence, set as a sub-heading, then `text`


@dataclass
class BulletinDocument:
    title: str
    issue: str  # （2021年第十八期）
    blocks: list[Block]
    issuer: str
    issued_on: date
    annex_title: str = ""
    annex_headers: list[str] = field(default_factory=list)
    annex_rows: list[list[str]] = field(default_factory=list)

    @property
    def issued_text(self) -> str:
        return format_cn(self.issued_on)


def parse_body(text: str) -> list[Block]:
    """One block per non-empty line (see `writing`)."""
    blocks = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if HEADING.match(line):
            blocks.append(Block("heading", line))
        elif SUBHEADING.match(line):
            head, dot, rest = line.partition("。")
            if dot and rest.strip():
                blocks.append(Block("lead", rest.strip(), lead=head + dot))
            else:
                blocks.append(Block("subheading", line))
        else:
            blocks.append(Block("paragraph", line))
    return blocks


ANNEX_HEADERS = [
    "序号",
    "单位",
    "包联社区（村）",
    "包联行动（场次）",
    "月均（场次）",
    "达标月数",
    "对接",
    "市领导带队（场次）",
    "迟报（场次）",
    "投入资金（万元）",
    "问题发现/销号",
]


def _number(value: Any) -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".")


def annex_rows(figures: dict[str, Any]) -> list[list[str]]:
    """Every unit's figures in roster order, from `metrics_json` (live or frozen)."""
    from decimal import Decimal

    rows = []
    for i, u in enumerate(figures.get("units", []), start=1):
        rows.append(
            [
                str(i),
                u["name"],
                names(u["communities"]),
                str(u["visits"]),
                _number(u["average_per_month"]),
                f"{u['months_met_quota']}/{u['months_counted']}",
                "是" if u["docked"] else "否",
                str(u["leader_led_visits"]),
                str(u["late_visits"]),
                wan(Decimal(u["funds_invested_yuan"])),
                f"{u['problems_found']}/{u['problems_closed']}",
            ]
        )
    return rows


def issue_label(year: int, number: int) -> str:
    return f"（{year}年第{cn_number(number)}期）"


def build_document(
    *,
    city: str,
    year: int,
    number: int,
    body: str,
    issuer: str,
    issued_on: date,
    figures: dict[str, Any],
) -> BulletinDocument:
    return BulletinDocument(
        title=f"{city}创卫督查通报" if city else "创卫督查通报",
        issue=issue_label(year, number),
        blocks=parse_body(body),
        issuer=issuer or "市创卫办",
        issued_on=issued_on,
        annex_title="各市级包联单位包联工作情况统计表",
        annex_headers=ANNEX_HEADERS,
        annex_rows=annex_rows(figures),
    )
