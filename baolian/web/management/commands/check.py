from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.check import Command as DjangoCheck
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(DjangoCheck):
    help = (
        "检查配置、数据库、迁移和数据文件夹 / Django's system checks, plus: the database answers, "
        "migrations are applied, the data and media folders are writable."
    )

    def handle(self, *app_labels: str, **options: object) -> None:
        super().handle(*app_labels, **options)
        problems = []
        try:
            connection.ensure_connection()
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if pending:
                problems.append(
                    f"有 {len(pending)} 个数据库迁移未执行，请运行 baolian migrate / "
                    f"{len(pending)} migrations not applied: run `baolian migrate`"
                )
        except Exception as exc:  # any driver error means the same thing to the installer
            problems.append(f"数据库无法连接 / database unreachable: {exc}")
        for folder in (settings.DATA_DIR, settings.MEDIA_ROOT):
            folder.mkdir(parents=True, exist_ok=True)
            if not os.access(folder, os.W_OK):
                problems.append(f"文件夹不可写 / folder not writable: {folder}")
        vendor = connection.vendor
        self.stdout.write(f"数据库 / database: {vendor} {connection.settings_dict.get('NAME')}")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("一切正常 / all good")
