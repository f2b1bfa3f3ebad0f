from __future__ import annotations

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = (
        "运行网站：生产用 WSGI 服务器（gunicorn，多进程） / Run the site with a production WSGI "
        "server (gunicorn with workers), not Django's development server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("BAOLIAN_BIND", "127.0.0.1:8000"),
            help="地址:端口 / host:port (BAOLIAN_BIND)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("BAOLIAN_WORKERS", "3")),
            help="进程数 / worker processes (BAOLIAN_WORKERS)",
        )
        parser.add_argument(
            "--migrate", action="store_true", help="启动前先迁移数据库 / apply migrations first"
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="不启动后台任务进程（另行运行 baolian worker） / do not start a background worker "
            "(run `baolian worker` elsewhere)",
        )

    def handle(
        self,
        *args: object,
        bind: str,
        workers: int,
        migrate: bool,
        no_worker: bool,
        **options: object,
    ) -> None:
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        pending = _pending_migrations()
        if pending:
            # Serving would answer every page with a 500; say what to do instead.
            raise CommandError(
                f"数据库有 {pending} 个迁移未执行，请先运行 baolian migrate。\n"
                f"The database lacks {pending} migrations: run `baolian migrate` first."
            )
        # Static files are collected and served with hashed names (cached for a year) and gzip
        # copies; settings read the switch at start, so collect in a process that has it.
        os.environ.setdefault("BAOLIAN_STATIC_MANIFEST", "1")
        subprocess.run(
            [sys.executable, "-m", "baolian", "collectstatic", "--noinput", "-v", "0"], check=True
        )
        self.stdout.write(f"包联 Baolian: http://{bind}/  (Ctrl+C 停止 / to stop)")
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "baolian.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
            # Starts `baolian worker` with the server and stops it with the server.
            "--config",
            "python:baolian.gunicorn_conf",
        ]
        if no_worker:
            os.environ["BAOLIAN_SERVE_WORKER"] = "0"
        os.execv(sys.executable, argv)


def _pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
