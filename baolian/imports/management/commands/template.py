from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from baolian.imports.templates_xlsx import template_bytes


class Command(BaseCommand):
    help = "生成导入模板（含表头、示例行和下拉选项） / Write the import template with drop-downs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output", default="包联导入模板.xlsx", help="输出文件 / output file"
        )

    def handle(self, *args: object, output: str, **options: object) -> None:
        Path(output).write_bytes(template_bytes())
        self.stdout.write(f"已生成模板 / template written: {output}")
