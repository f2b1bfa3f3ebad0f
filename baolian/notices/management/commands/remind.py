"""`baolian remind`: tell people what is due, once. Safe to run from cron as often as wanted."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from baolian.lib.dates import parse_date
from baolian.notices.reminders import remind


class Command(BaseCommand):
    help = (
        "Send reminders (inbox, e-mail, chat robots): units behind the monthly pace, leaders "
        "whose units lag, visits awaiting confirmation, problems near or past their deadline, "
        "planned measures not followed up. Nobody is told the same thing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="judge as of this day (default: today)")
        parser.add_argument(
            "--loop", action="store_true", help="keep running, once every --every minutes"
        )
        parser.add_argument("--every", type=int, default=60, help="minutes between runs")

    def handle(self, *args: object, **options: object) -> None:
        given = options.get("date")
        try:
            day = parse_date(given) if given else None
        except ValueError as exc:
            raise CommandError(f"--date: not a date: {given}") from exc
        while True:
            self._once(day or timezone.localdate())
            if not options["loop"]:
                return
            time.sleep(max(1, int(options["every"])) * 60)

    def _once(self, day: date) -> None:
        result = remind(day)
        self.stdout.write(
            f"{day}: {result.messages} reminders, {result.notices_sent} notices sent, "
            f"{result.chat_sent} chat messages sent"
        )
