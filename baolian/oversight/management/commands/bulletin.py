from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from baolian.lib.dates import parse_date
from baolian.oversight.documents import build_document
from baolian.oversight.management.commands._period import (
    add_period_arguments,
    period_from_options,
)
from baolian.oversight.metrics import metrics_json, period_metrics
from baolian.oversight.render import FORMATS, PdfUnavailable, render
from baolian.oversight.services import bulletin_issuer, bulletin_next_number
from baolian.oversight.writing import write_body
from baolian.roster.models import CampaignSettings


class Command(BaseCommand):
    help = (
        "生成督查通报（第N期）/ Write the inspection bulletin of a period: "
        "bulletin --from D --to D [--number N] --format docx|md|html|pdf -o FILE"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_period_arguments(parser)
        parser.add_argument("--number", type=int, help="期号；默认为本年最后一期之后 / issue")
        parser.add_argument("--format", choices=FORMATS, default=None, help="docx|md|html|pdf")
        parser.add_argument("-o", "--output", required=True, help="输出文件 / output file")
        parser.add_argument("--date", help="成文日期，默认今天 / date of issue (default today)")
        parser.add_argument(
            "--template", help="信头模板 .docx（含 {{正文}} 等占位符）/ letterhead .docx"
        )

    def handle(self, *args: object, **options: object) -> None:
        start, end = period_from_options(options)
        output = Path(str(options["output"]))
        fmt = options["format"] or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"请用 --format {'|'.join(FORMATS)} / unknown format {fmt!r}")
        issued_on = timezone.localdate()
        if options.get("date"):
            try:
                issued_on = parse_date(options["date"]) or issued_on
            except ValueError as exc:
                raise CommandError(f"--date 无法识别 / unreadable: {options['date']}") from exc
        template = None
        if options.get("template"):
            template = Path(str(options["template"])).read_bytes()
        number = options.get("number") or bulletin_next_number(year=end.year)
        if number < 1:
            raise CommandError("期号须为正整数 / --number must be positive")
        # --until, or --to without --from: a cut-off from the campaign's start (截至).
        cutoff = not options.get("start")
        metrics = period_metrics(start=start, end=end)
        campaign = CampaignSettings.load()
        issuer = bulletin_issuer() or "市创卫办"
        doc = build_document(
            city=campaign.city_name,
            year=end.year,
            number=number,
            body=write_body(metrics, cutoff=cutoff, office=issuer),
            issuer=issuer,
            issued_on=issued_on,
            figures=metrics_json(metrics),
        )
        try:
            content = render(doc, fmt, template=template)
        except PdfUnavailable as exc:
            raise CommandError(
                "未安装 LibreOffice，无法生成 PDF；请用 --format docx / no LibreOffice: no PDF"
            ) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        output.write_bytes(content)
        self.stdout.write(f"已生成 / written: {output} （{end.year}年第{number}期）")
