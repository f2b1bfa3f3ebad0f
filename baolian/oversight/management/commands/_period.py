"""The period options shared by `report` and `bulletin`: --from/--to, or a cut-off."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError, CommandParser

from baolian.lib.dates import parse_date
from baolian.oversight.metrics import campaign_start


def add_period_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--from", dest="start", help="开始日期（含），如 2021-04-01 / first day, inclusive"
    )
    parser.add_argument("--to", dest="end", help="结束日期（含）/ last day, inclusive")
    parser.add_argument(
        "--until",
        dest="until",
        help="截至某日（自创卫开始）/ cut-off: from the campaign's start to this day",
    )


def _date(value: str, option: str) -> date:
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(
            f"{option} 的日期无法识别：{value!r}"
            "（可写 2021-04-05、2021/4/5、2021.4.5、2021年4月5日）"
            f" / {option}: unreadable date {value!r}"
        )
    return parsed


def period_from_options(options: dict) -> tuple[date, date]:
    """(start, end) from --from/--to, or from the campaign start with --until or --to alone."""
    start_text, end_text, until_text = (
        options.get("start"),
        options.get("end"),
        options.get("until"),
    )
    if until_text and (start_text or end_text):
        raise CommandError("--until 不能与 --from/--to 同用 / --until excludes --from and --to")
    end_text = until_text or end_text
    if not end_text:
        raise CommandError("请给出 --to 或 --until / give --to (with --from) or --until")
    end = _date(end_text, "--until" if until_text else "--to")
    if start_text:
        start = _date(start_text, "--from")
    else:
        start = campaign_start() or end
        start = min(start, end)
    if end < start:
        raise CommandError(
            f"结束日期 {end} 早于开始日期 {start} / the period ends ({end}) before it starts"
        )
    return start, end
