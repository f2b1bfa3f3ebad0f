"""`baolian`: Django's management commands under the product's name, with a bilingual index."""

from __future__ import annotations

import os
import sys

COMMANDS = [
    (
        "serve",
        "运行网站（生产用 WSGI 服务器，多进程）",
        "run the web server (production WSGI, workers)",
    ),
    ("demo", "生成演示城市（演示数据）", "build the demo city (demo data)"),
    (
        "import FILE [--dry-run]",
        "导入 Excel/CSV（全部成功才写入）",
        "import a workbook or CSV, all or nothing",
    ),
    (
        "export -o FILE",
        "导出名册为 Excel（可再导入）",
        "export the roster to .xlsx (re-importable)",
    ),
    ("template -o FILE", "下载导入模板（含下拉选项）", "write the import template with drop-downs"),
    (
        "photos inspect FILE… [--json]",
        "读取照片信息（EXIF、哈希）并查找是否用过",
        "what photos say (EXIF, hashes) and whether they were used before",
    ),
    ("worker", "运行后台任务（serve 会自动启动）", "run background jobs (serve starts one)"),
    (
        "report --from D --to D [--json]",
        "包联工作统计（或 --until D 截至某日）",
        "the figures of a period (or a cut-off)",
    ),
    (
        "bulletin --from D --to D -o FILE",
        "生成督查通报（docx/md/html/pdf）",
        "write the inspection bulletin",
    ),
    (
        "remind [--loop]",
        "发送提醒（站内消息、邮件、群机器人，不重复）",
        "send reminders (inbox, e-mail, chat robots), never twice",
    ),
    ("createuser", "创建用户并指定角色", "create a user with a role"),
    (
        "backup -o FILE",
        "备份数据库和上传文件（运行中也可以）",
        "back up the database and files (while running)",
    ),
    ("restore FILE [--force]", "从备份恢复到空实例", "restore a backup into an empty instance"),
    ("check", "检查配置、数据库和文件夹", "check settings, database and folders"),
    ("migrate, shell, …", "其他 Django 管理命令照常可用", "any other Django management command"),
]


def print_index() -> None:
    print("baolian — 包联 创卫包联工作管理平台 / Baolian campaign pairing platform\n")
    print("用法 / usage: baolian COMMAND [options]   (baolian help COMMAND)\n")
    width = max(len(name) for name, _zh, _en in COMMANDS)
    for name, zh, en in COMMANDS:
        print(f"  {name:<{width}}  {zh}\n  {'':<{width}}  {en}")
    print("\n数据库由 DATABASE_URL 指定（默认 SQLite）/ DATABASE_URL selects the database.")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baolian.settings")
    if len(argv) < 2 or argv[1] in {"-h", "--help", "help"} and len(argv) == 2:
        print_index()
        return
    from django.core.management import execute_from_command_line

    argv[0] = "baolian"
    if argv[1] == "check" and not any(arg.startswith("--database") for arg in argv):
        # Django checks the database only when asked; an installer wants to know it answers.
        argv.append("--database=default")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
