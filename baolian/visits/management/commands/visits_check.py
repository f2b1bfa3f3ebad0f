from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from baolian.visits import months
from baolian.visits.models import Confirmation, Visit
from baolian.visits.services import visits_flags_refresh


class Command(BaseCommand):
    help = (
        "重新检查包联行动的佐证标记（如社区逾期未确认），供每天定时运行 / Re-check visits' "
        "evidence flags that change with time (not confirmed within N days); run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="全部行动，而不只是待确认的 / every visit"
        )
        parser.add_argument(
            "--recount",
            action="store_true",
            help=(
                "并重新按月统计全部行动（数据库被直接修改之后）/ also recount every visit by "
                "month (after the database was edited by other means than Baolian)"
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        visits = Visit.objects.alive()
        if not options["all"]:
            # Only "not confirmed within N days" changes by itself as days pass.
            visits = visits.filter(confirmation=Confirmation.PENDING)
        count = visits_flags_refresh(queryset=visits)
        self.stdout.write(f"{count}")
        if options["recount"]:
            rows = months.rebuild()
            self.stdout.write(f"按月统计 / counted by month: {rows}")
