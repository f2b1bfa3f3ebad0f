from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baolian.demo.city import DemoRefused, OtherDemoSeed, demo_city_build, demo_city_reset


class Command(BaseCommand):
    help = "生成演示城市（演示数据） / Build the demo city (clearly labelled demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2021, help="随机种子 / seed (same seed, same city)"
        )

        parser.add_argument(
            "--reset",
            action="store_true",
            help="先删除现有演示数据 / remove the current demo city first (e.g. for another seed)",
        )

    def handle(self, *args: object, seed: int, reset: bool, **options: object) -> None:
        try:
            if reset:
                demo_city_reset()
            city = demo_city_build(seed=seed)
        except OtherDemoSeed as exc:
            raise CommandError(
                f"已有种子为 {exc.seed} 的演示城市；要换成种子 {seed}，请加 --reset。\n"
                f"A demo city of seed {exc.seed} is there; add --reset to build seed {seed}."
            ) from None
        except DemoRefused:
            raise CommandError(
                "数据库中已有正式名册数据，演示数据不会混入。请使用新的数据库（DATABASE_URL）。\n"
                "The database holds a real roster; the demo will not mix into it. "
                "Use an empty database."
            ) from None
        self.stdout.write(
            f"演示城市 / demo city: {city.streets} 个街道镇, {city.communities} 个社区村, "
            f"{city.units} 个包联单位, {city.leaders} 位市领导, {city.pairings} 个包联关系"
        )
        self.stdout.write(f"演示账号 / demo logins (密码 password: {city.password}):")
        for login in city.logins:
            self.stdout.write(f"  {login.username:<10} {login.role:<8} {login.bound_to}")
