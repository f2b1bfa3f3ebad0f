"""One archive holds a whole instance: the database and every media file (issue #10).

    baolian-backup.tar.gz
    ├── manifest.json        format, time, engine, migrations, row counts, every file's SHA-256
    ├── database/baolian.sqlite3   (SQLite: the online backup API's consistent copy)
    │   or database/baolian.pgdump (PostgreSQL: pg_dump's custom format)
    └── media/…              the uploaded files, under their stored names

Consistency while the server runs: the database is copied first, in one snapshot (SQLite's
backup API copies all pages in one step under a read lock; pg_dump reads one transaction).
Media files are written once under random names and never changed, and a file is stored
before the row that names it is committed, so every file the snapshot names is on disk when
the media are copied after it. Files added later are copied too and are merely unused.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
# Rows that make an instance "not empty": restoring over them would lose someone's work.
DATA_MODELS = (
    "accounts.User",
    "roster.Street",
    "roster.Community",
    "roster.Unit",
    "roster.Leader",
    "roster.Pairing",
    "visits.Visit",
    "problems.Problem",
    "support.SupportMeasure",
    "photos.Photo",
    "oversight.Bulletin",
)


class BackupError(Exception):
    """Said to the person at the command line, in Chinese and English."""


@dataclass
class Manifest:
    data: dict

    @property
    def engine(self) -> str:
        return self.data["engine"]

    @property
    def media(self) -> list[dict]:
        return self.data["media"]

    @property
    def counts(self) -> dict[str, int]:
        return self.data["counts"]


# --- taking a backup ---------------------------------------------------------------------


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持的数据库 / unsupported database: {vendor}")
    return vendor


def backup_create(*, out: Path) -> Manifest:
    """Write the archive to `out` (atomically: a half-written file never has its name)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="baolian-backup-") as folder:
        dump = _dump_database(Path(folder))
        media = [_media_entry(name) for name in _media_names()]
        manifest = Manifest(
            {
                "format": FORMAT,
                "product": "baolian",
                "created_at": timezone.now().isoformat(),
                "engine": engine(),
                "database": f"database/{dump.name}",
                "migrations": _migrations(),
                "counts": row_counts(),
                "media": media,
            }
        )
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            body = json.dumps(manifest.data, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(body))
            tar.add(dump, arcname=f"database/{dump.name}")
            for entry in media:
                with default_storage.open(entry["name"], "rb") as fh:
                    info = tarfile.TarInfo(f"media/{entry['name']}")
                    info.size = entry["size"]
                    tar.addfile(info, fh)
        os.chmod(partial, 0o600)  # it holds everyone's names and phone numbers
        os.replace(partial, out)
    return manifest


def _dump_database(folder: Path) -> Path:
    if engine() == "sqlite":
        target = folder / "baolian.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # pages=-1 (the default): all pages in one step, so the copy is one snapshot.
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    target = folder / "baolian.pgdump"
    _run_pg(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", target])
    return target


def _pg_environment() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, name in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(name):
            env[key] = str(settings[name])
    return env


def _run_pg(argv: list[object]) -> None:
    if shutil.which(str(argv[0])) is None:
        raise BackupError(
            f"找不到 {argv[0]}，请安装 PostgreSQL 客户端（apt-get install postgresql-client）/ "
            f"{argv[0]} not found: install postgresql-client"
        )
    done = subprocess.run(
        [str(a) for a in argv], env=_pg_environment(), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} 失败 / failed:\n{done.stderr.strip()}")


def _media_names(folder: str = "") -> list[str]:
    """Every stored file, through the storage API (local disk or S3-compatible alike)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{f}" if folder else f for f in sorted(files)]
    for sub in sorted(folders):
        names += _media_names(f"{folder}/{sub}" if folder else sub)
    return names


def _media_entry(name: str) -> dict:
    digest, size = hashlib.sha256(), 0
    with default_storage.open(name, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def row_counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    counts = {}
    for label in DATA_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if model._meta.db_table in tables:
            counts[label] = model._default_manager.count()
    return counts


# --- restoring ---------------------------------------------------------------------------


def instance_is_empty() -> bool:
    if any(row_counts().values()):
        return False
    return not _media_names()


def backup_restore(*, archive: Path, force: bool = False) -> Manifest:
    """Bring an archive back. Refuses a non-empty instance unless `force`; checks every file
    against the manifest before anything is written."""
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 / no such file: {archive}")
    with tempfile.TemporaryDirectory(prefix="baolian-restore-") as folder:
        manifest = _unpack(archive, Path(folder))
        if manifest.engine != engine():
            raise BackupError(
                f"备份来自 {manifest.engine}，当前数据库是 {engine()}，无法直接恢复 / "
                f"the backup is of {manifest.engine}, this instance runs {engine()}"
            )
        if not force and not instance_is_empty():
            raise BackupError(
                "当前实例已有数据，恢复会覆盖它们；确认无误请加 --force / "
                "this instance is not empty: restoring would replace its data (use --force)"
            )
        _load_database(Path(folder) / manifest.data["database"])
        for entry in manifest.media:
            _restore_file(entry["name"], Path(folder) / "media" / entry["name"], force)
    # An archive from an older release is brought up to this one's tables.
    call_command("migrate", interactive=False, verbosity=0)
    return manifest


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        raise BackupError(f"备份中有不安全的路径 / unsafe path in the archive: {name!r}")
    if path.parts[0] not in {"manifest.json", "database", "media"}:
        raise BackupError(f"备份中有未知内容 / unexpected entry in the archive: {name!r}")
    return path


def _unpack(archive: Path, folder: Path) -> Manifest:
    try:
        tar = tarfile.open(archive, "r:gz")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"不是包联备份文件 / not a Baolian backup: {exc}") from exc
    with tar:
        try:
            members = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"备份文件已损坏 / the backup is damaged: {exc}") from exc
        for member in members:
            path = _safe_member(member.name)
            if member.isdir():
                continue
            if not member.isfile():  # links and devices could point anywhere
                raise BackupError(f"备份中有链接或特殊文件 / link in the archive: {member.name!r}")
            target = folder.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is None:  # pragma: no cover - a regular file always has its contents
                raise BackupError(f"备份中的文件读不出 / unreadable member: {member.name!r}")
            with source, open(target, "wb") as fh:
                shutil.copyfileobj(source, fh)
    try:
        manifest = Manifest(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise BackupError(f"备份中没有有效的清单 / no valid manifest: {exc}") from exc
    if manifest.data.get("format") != FORMAT or manifest.data.get("product") != "baolian":
        raise BackupError("不是本版本可读的包联备份 / not a backup this version can read")
    database = _safe_member(manifest.data["database"])
    if not (folder / database).is_file():
        raise BackupError("备份中缺少数据库 / the database is missing from the backup")
    for entry in manifest.media:
        _safe_member(f"media/{entry['name']}")
        _check_file(folder / "media" / entry["name"], entry)
    return manifest


def _check_file(path: Path, entry: dict) -> None:
    if not path.is_file():
        raise BackupError(f"备份中缺少文件 / file missing from the backup: {entry['name']}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        raise BackupError(f"文件已损坏 / file damaged in the backup: {entry['name']}")


def _load_database(dump: Path) -> None:
    if engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            # The backup API in reverse: the live database's pages become the snapshot's.
            source.backup(connection.connection)
        finally:
            source.close()
        return
    _run_pg(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            connection.settings_dict["NAME"],
            dump,
        ]
    )


def _restore_file(name: str, source: Path, force: bool) -> None:
    if default_storage.exists(name):
        if not force:
            raise BackupError(f"文件已存在 / file exists: {name}")
        default_storage.delete(name)
    with open(source, "rb") as fh:
        saved = default_storage.save(name, File(fh))
    if saved != name:
        raise BackupError(f"文件无法按原名恢复 / could not restore under its name: {name}")
