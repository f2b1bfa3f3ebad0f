from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from baolian.backup.archive import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件到一个 .tar.gz（服务运行中也可以）/ Back up the database and the "
        "media files into one .tar.gz, safely while the server runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            help="备份文件，默认 baolian-backup-YYYYmmdd-HHMMSS.tar.gz / the archive to write",
        )

    def handle(self, *args: object, output: str | None, **options: object) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        out = Path(output or f"baolian-backup-{stamp}.tar.gz")
        try:
            manifest = backup_create(out=out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.counts.values())
        self.stdout.write(
            f"已备份 / backed up: {out} ({filesizeformat(out.stat().st_size)}), "
            f"{manifest.engine}, {rows} 条主要记录 / main records, "
            f"{len(manifest.media)} 个文件 / files"
        )
