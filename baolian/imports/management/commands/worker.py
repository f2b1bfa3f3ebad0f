from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "运行后台任务（大文件导入等）；baolian serve 会自动启动一个 / Run background jobs (big "
        "imports; later photos and reminders). `baolian serve` starts one by itself."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="做完排队的任务就退出 / run what is queued, then exit",
        )

    def handle(self, *args: object, batch: bool, **options: object) -> None:
        self.stdout.write("后台任务进程已启动 / background worker started")
        self.stdout.flush()
        # The queue lives in the database (django-tasks' database backend): no broker to run.
        call_command("db_worker", batch=batch, reload=False, startup_delay=not batch, verbosity=0)
