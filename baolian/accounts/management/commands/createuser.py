from __future__ import annotations

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baolian.accounts.models import ROLE_BINDING, Role
from baolian.accounts.services import user_create
from baolian.lib.text import community_key, name_key
from baolian.roster.models import Community, Leader, Street, Unit


class Command(BaseCommand):
    help = (
        "创建用户并指定角色 / Create a user with a role (and the unit/street/community it serves)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            required=True,
            choices=[r.value for r in Role],
            help="admin inspector leader liaison street community",
        )
        parser.add_argument("--full-name", default="")
        parser.add_argument("--leader", help="市领导姓名 / leader's name (role leader)")
        parser.add_argument("--unit", help="单位名称 / unit name (role liaison)")
        parser.add_argument(
            "--street", help="街道镇 / street (role street, or to tell a community)"
        )
        parser.add_argument("--community", help="社区村 / community (role community)")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="从标准输入读取密码 / read the password from stdin",
        )

    def handle(self, *args: object, **options: object) -> None:
        role = Role(options["role"])
        binding = self._binding(role, options)
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("密码 / password: ")
            if password != getpass.getpass("再输入一次 / again: "):
                raise CommandError("两次密码不一致 / the passwords differ")
        try:
            user = user_create(
                username=str(options["username"]),
                password=password,
                role=role,
                full_name=str(options["full_name"]),
                **binding,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"已创建 / created: {user.username} ({role.label})")

    def _binding(self, role: Role, options: dict[str, object]) -> dict[str, object]:
        needed = ROLE_BINDING.get(role)
        if needed is None:
            return {}
        name = options.get(needed)
        if not name:
            raise CommandError(
                f"角色 {role.value} 需要 --{needed} / role {role.value} needs --{needed}"
            )
        if needed == "community":
            found = Community.objects.filter(key=community_key(str(name)))
            if options.get("street"):
                found = found.filter(street__key=name_key(str(options["street"])))
        else:
            model = {"leader": Leader, "unit": Unit, "street": Street}[needed]
            found = model.objects.filter(key=name_key(str(name)))
        rows = list(found[:2])
        if len(rows) != 1:
            raise CommandError(
                f"找不到或不唯一 / not found or ambiguous: {name}"
                + (" (--street ?)" if needed == "community" and len(rows) > 1 else "")
            )
        return {needed: rows[0]}
