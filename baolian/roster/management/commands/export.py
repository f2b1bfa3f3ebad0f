from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baolian.accounts.scoping import office_user
from baolian.lib.xlsx import write_xlsx
from baolian.roster.exporters import workbook_sheets


class Command(BaseCommand):
    help = "导出名册为 Excel，格式与导入模板相同 / Export the roster to .xlsx in the import layout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="输出文件 / output .xlsx file")

    def handle(self, *args: object, output: str, **options: object) -> None:
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("请使用 .xlsx 文件名 / the output must be a .xlsx file")
        path.write_bytes(write_xlsx(workbook_sheets(office_user())))
        self.stdout.write(f"已导出 / exported: {path}")
