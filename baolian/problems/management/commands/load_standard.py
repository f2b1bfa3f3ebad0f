from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from baolian.problems.models import StandardItem
from baolian.problems.standard import SHIPPED, CatalogueInvalid, load_catalogue, read_catalogue


class Command(BaseCommand):
    help = (
        "载入创国卫标准及检查清单（CSV：编码,层级,序号,上级,名称,待核实），按编码更新 / "
        "Load the standard catalogue from a CSV file, updating rows by code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default=str(SHIPPED), help="CSV 文件 / file (default: shipped)"
        )

    def handle(self, *args: object, file: str, **options: object) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 / no such file: {path}")
        try:
            rows = read_catalogue(path.read_bytes())
        except (CatalogueInvalid, UnicodeDecodeError) as exc:
            raise CommandError(str(exc)) from exc
        with transaction.atomic():
            created, updated = load_catalogue(StandardItem, rows)
        self.stdout.write(f"新增 / created {created}，更新 / updated {updated}")
