"""What an installer must know before serving: Django system checks of our own.

`baolian check` runs them with Django's own (the command line adds `--database default`, so
the database is checked too); a warning is printed as one, never followed by "no issues".
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

log = logging.getLogger(__name__)


@register("baolian")
def check_folders(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    problems = []
    for name in ("DATA_DIR", "MEDIA_ROOT"):
        folder = getattr(settings, name)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            problems.append(_folder_error(name, folder, str(exc)))
            continue
        if not os.access(folder, os.W_OK | os.X_OK):
            problems.append(_folder_error(name, folder, "not writable"))
    return problems


def _folder_error(name: str, folder: object, why: str) -> Error:
    return Error(
        f"文件夹不可写 / folder not writable: {folder} ({why})",
        hint=f"让运行 baolian 的用户可写，或用环境变量另指定 / make it writable or set {name}",
        id="baolian.E001",
    )


@register(Tags.database)
def check_database(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    for alias in databases or []:
        connection = connections[alias]
        try:
            connection.ensure_connection()
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as exc:
            log.warning("database %s unreachable: %s", alias, exc)
            problems.append(
                Error(
                    f"数据库无法连接 / database unreachable: {exc}",
                    hint="检查 DATABASE_URL / check DATABASE_URL",
                    id="baolian.E002",
                )
            )
            continue
        # `migrate` runs these checks before it applies the very migrations it would report.
        if pending and sys.argv[1:2] != ["migrate"]:
            problems.append(
                Warning(
                    f"有 {len(pending)} 个数据库迁移未执行 / {len(pending)} migrations not applied",
                    hint="运行 baolian migrate / run `baolian migrate`",
                    id="baolian.W001",
                )
            )
    return problems
