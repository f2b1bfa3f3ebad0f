from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baolian.backup.archive import BackupError, backup_restore, row_counts


class Command(BaseCommand):
    help = (
        "从备份恢复到空实例（非空需加 --force）/ Restore a backup into an empty instance "
        "(--force to replace a non-empty one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="baolian backup 生成的 .tar.gz / the archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="覆盖已有数据 / replace the data of a non-empty instance",
        )

    def handle(self, *args: object, archive: str, force: bool, **options: object) -> None:
        try:
            manifest = backup_restore(archive=Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        now = row_counts()
        short = {label: n for label, n in manifest.counts.items() if now.get(label) != n}
        if short:
            raise CommandError(f"恢复后记录数不符 / restored counts differ: {short}")
        self.stdout.write(
            f"已恢复 / restored: {manifest.data['created_at']} 的备份，"
            f"{sum(now.values())} 条主要记录 / main records, "
            f"{len(manifest.media)} 个文件 / files"
        )
