from __future__ import annotations

import getpass
import json
from pathlib import Path

from auditlog.context import set_extra_data
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from tqdm import tqdm

from baolian.accounts.models import User
from baolian.accounts.scoping import can_manage_roster
from baolian.imports.engine import import_file


class Command(BaseCommand):
    help = (
        "导入 Excel(.xlsx)/CSV：全部检查通过才写入 / Import a workbook or CSV: all rows are "
        "checked and written together, or nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="导入文件 / the .xlsx or .csv file")
        parser.add_argument(
            "--dry-run", action="store_true", help="只检查不写入 / check and preview, write nothing"
        )
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE, help="zh-hans | en")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果 / JSON report")
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="以哪位创卫办用户的名义记录修改 / the office user the history names as author",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        translation.activate(str(options["lang"]))
        if not path.is_file():
            raise CommandError(f"找不到文件 / no such file: {path}")
        size = path.stat().st_size
        # A .zip carries photos beside its workbook; the workbook inside keeps the usual limit.
        limit = (
            settings.IMPORT_ZIP_MAX_BYTES
            if path.suffix.lower() == ".zip"
            else settings.IMPORT_MAX_BYTES
        )
        if size > limit:
            # read_tables refuses it too; checking first avoids reading a huge file into memory
            data = path.open("rb").read(limit + 1)
        else:
            data = path.read_bytes()
        author = self._author(options.get("as_user"))
        bar = tqdm(total=0, unit="行", desc=path.name, disable=options["json"] or None, leave=False)
        # The history says who changed the roster: the named office user, or at least that it
        # came from this file, on the command line, run by this account of the server.
        history = {
            "actor": author,
            "additional_data": {
                "source": "command line",
                "file": path.name,
                "os_user": getpass.getuser(),
            },
        }
        with set_extra_data(history):
            report = import_file(
                data=data,
                filename=path.name,
                dry_run=bool(options["dry_run"]),
                on_total=lambda total: bar.reset(total=total),
                on_row=bar.update,
            )
        bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(report)
        if not report.ok:
            raise CommandError(
                translation.gettext("%(count)d problem(s); nothing was written.")
                % {"count": len(report.errors)}
            )

    def _author(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or not can_manage_roster(user):
            raise CommandError(
                f"--as 需要一位创卫办用户 / --as needs an active campaign-office user: {username}"
            )
        return user

    def _print(self, report: object) -> None:
        gettext = translation.gettext
        if not report.ok:
            # Counts of what "would" change mislead when nothing is written: problems only.
            for problem in report.errors:
                self.stderr.write(str(problem))
            return
        for sheet in report.sheets:
            self.stdout.write(
                gettext("%(sheet)s: %(created)d new, %(updated)d changed, %(unchanged)d unchanged")
                % {
                    "sheet": sheet.name,
                    "created": sheet.created,
                    "updated": sheet.updated,
                    "unchanged": sheet.unchanged,
                }
            )
            for result in sheet.results:
                for field, (before, after) in result.changes.items():
                    self.stdout.write(f"  {result.row}: {result.label} {field}: {before} → {after}")
        for notice in report.notices:
            self.stdout.write(str(notice))
        self.stdout.write(
            gettext("Dry run: nothing was written.") if report.dry_run else gettext("Imported.")
        )
