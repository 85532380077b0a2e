"""One backup file (tar) holding the database, the archive documents and, in embedded
mode, the field-encryption key, with a manifest of versions, counts per table, the audit
chain's head and the SHA-256 of every part, so that a restore can prove it is complete."""

import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from somevakt.audit.selectors import audit_chain_check

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_PART = "database.sqlite3"
POSTGRES_PART = "database.pgdump"
KEY_PART = "field_key"
ARCHIVE_PART = "archive"  # a folder in the tar: the archive documents
# Tables `migrate` fills by itself: a target with rows only here is still empty.
MIGRATE_FILLS = {"django_migrations", "django_content_type", "auth_permission", "auth_group"}


class BackupError(Exception):
    """What went wrong, where, and what to do about it."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def model_tables() -> list[str]:
    """Every table Django knows (models and many-to-many tables), sorted."""
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)})


def _counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - Django's own table names
        counts[table] = cursor.fetchone()[0]
    return counts


def _audit_head(cursor) -> dict[str, Any]:
    cursor.execute("SELECT sequence, entry_hash FROM audit_audithead WHERE id = 1")
    row = cursor.fetchone()
    return {"sequence": row[0], "entry_hash": row[1]} if row else {"sequence": 0, "entry_hash": ""}


def _vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _embedded_key_file() -> Path | None:
    """The key file embedded mode made, if the keys come from it (not from the environment)."""
    key_file = settings.VAR_DIR / "field_key"
    from_env = os.environ.get("SOMEVAKT_FIELD_KEY") or os.environ.get("SOMEVAKT_FIELD_KEY_FILE")
    return key_file if key_file.exists() and not from_env else None


def _pg_environment() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for name, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    env["PGDATABASE"] = db["NAME"]
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not on PATH; backup and restore on PostgreSQL need it. Fix: install "
            "the PostgreSQL client of the server's major version (apt-get install "
            "postgresql-client) and run again."
        )
    return path


def _run(command: list[str]) -> None:
    done = subprocess.run(  # noqa: S603 - fixed tools, arguments from settings
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _dump_database(folder: Path) -> tuple[str, dict[str, int], dict[str, Any]]:
    """The database as one part, with the counts and audit head of exactly that copy."""
    tables = model_tables()
    if _vendor() == "sqlite":
        part = folder / SQLITE_PART
        connection.ensure_connection()
        copy = sqlite3.connect(part)
        try:
            # sqlite3's online backup API: one consistent snapshot while others write.
            connection.connection.backup(copy)
            copied = copy.cursor()
            counts, head = _counts(copied, tables), _audit_head(copied)
        finally:
            copy.close()
        return SQLITE_PART, counts, head
    if _vendor() != "postgresql":
        raise BackupError(f"backup knows SQLite and PostgreSQL, not {_vendor()}.")
    pg_dump = _pg_tool("pg_dump")
    # pg_dump reads the snapshot this transaction exported, so the counts match the dump.
    with transaction.atomic(), connection.cursor() as live:
        live.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        live.execute("SELECT pg_export_snapshot()")
        snapshot = live.fetchone()[0]
        counts, head = _counts(live, tables), _audit_head(live)
        _run(
            [
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot}",
                "-f",
                str(folder / POSTGRES_PART),
            ]
        )
    return POSTGRES_PART, counts, head


def _migrations() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app")
        return dict(sorted(cursor.fetchall()))


def backup_write(*, path: Path) -> dict[str, Any]:
    """Write the backup file at `path` (a new file) and return its manifest."""
    if path.exists():
        raise BackupError(f"{path} exists. Fix: give a new file name; a backup never overwrites.")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder. Fix: create it or give another path.")
    with tempfile.TemporaryDirectory(prefix="somevakt-backup-", dir=path.parent) as temp:
        folder = Path(temp)
        database_part, counts, head = _dump_database(folder)
        parts = [database_part]
        key_file = _embedded_key_file()
        if key_file is not None:
            shutil.copy2(key_file, folder / KEY_PART)
            parts.append(KEY_PART)
        archive_dir = Path(settings.SOMEVAKT_ARCHIVE_DIR)
        if archive_dir.is_dir():
            shutil.copytree(archive_dir, folder / ARCHIVE_PART)
            parts += sorted(
                f"{ARCHIVE_PART}/{p.relative_to(folder / ARCHIVE_PART).as_posix()}"
                for p in (folder / ARCHIVE_PART).rglob("*")
                if p.is_file()
            )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "versions": {
                "somevakt": package_version("somevakt"),
                "django": django.get_version(),
                "python": platform.python_version(),
                "database": _vendor(),
            },
            "migrations": _migrations(),
            "counts": counts,
            "audit_head": head,
            "parts": {
                name: {"sha256": _sha256(folder / name), "bytes": (folder / name).stat().st_size}
                for name in parts
            },
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = (
                len(body),
                int(timezone.now().timestamp()),
                0o600,
            )
            tar.addfile(info, io.BytesIO(body))
            for name in parts:
                tar.add(folder / name, arcname=name)
        partial.chmod(0o600)  # it holds personal data and, embedded, the key to the secrets
        partial.rename(path)
    return manifest


def _read(path: Path, folder: Path) -> dict[str, Any]:
    """Unpack the backup into `folder` and check every part against the manifest."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file. Fix: give the path of a backup file.")
    try:
        with tarfile.open(path, "r:*") as tar:
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a somevakt backup ({error}).") from error
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} has no readable {MANIFEST} ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path}: backup format {manifest.get('format')}; this somevakt reads {FORMAT}."
        )
    for name, part in manifest["parts"].items():
        file = folder / name
        if not file.is_file():
            raise BackupError(f"{path}: the part {name} is missing. Nothing was restored.")
        if _sha256(file) != part["sha256"]:
            raise BackupError(
                f"{path}: the part {name} does not match its SHA-256. Nothing was restored."
            )
    return manifest


def _target_rows() -> dict[str, int]:
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return _counts(
            cursor, [t for t in model_tables() if t in existing and t not in MIGRATE_FILLS]
        )


def backup_restore(*, path: Path, force: bool = False) -> RestoreResult:
    """Restore the backup at `path` into the configured database and archive folder, after
    checking every part; then prove it by the counts per table and the audit chain's head."""
    with tempfile.TemporaryDirectory(prefix="somevakt-restore-") as temp:
        folder = Path(temp)
        manifest = _read(path, folder)
        wanted = manifest["versions"]["database"]
        if wanted != _vendor():
            raise BackupError(
                f"{path} is a {wanted} backup; this somevakt runs on {_vendor()}. "
                f"Fix: restore it into a {wanted} database (DATABASE_URL)."
            )
        occupied = {table: rows for table, rows in _target_rows().items() if rows}
        archive_dir = Path(settings.SOMEVAKT_ARCHIVE_DIR)
        if archive_dir.is_dir() and any(p.is_file() for p in archive_dir.rglob("*")):
            occupied[str(archive_dir)] = 1
        if occupied and not force:
            raise BackupError(
                f"the target is not empty ({', '.join(sorted(occupied)[:5])}"
                f"{', …' if len(occupied) > 5 else ''}). Fix: restore into an empty database "
                "and archive folder, or give --force to replace them."
            )
        if wanted == "sqlite":
            source = sqlite3.connect(folder / SQLITE_PART)
            connection.ensure_connection()
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()
            _run(
                [
                    _pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "-d",
                    connection.settings_dict["NAME"],
                    str(folder / POSTGRES_PART),
                ]
            )
        if (folder / ARCHIVE_PART).is_dir():
            if archive_dir.exists():
                shutil.rmtree(archive_dir)
            shutil.copytree(folder / ARCHIVE_PART, archive_dir)
        if (folder / KEY_PART).is_file():
            key_file = settings.VAR_DIR / "field_key"
            key_file.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / KEY_PART, key_file)
            key_file.chmod(0o600)
    return _verify(manifest)


def _verify(manifest: dict[str, Any]) -> RestoreResult:
    with connection.cursor() as cursor:
        counts = _counts(cursor, list(manifest["counts"]))
        head = _audit_head(cursor)
    wrong = [
        f"{t}: {counts[t]} rows, the backup had {n}"
        for t, n in manifest["counts"].items()
        if counts[t] != n
    ]
    if wrong:
        raise BackupError("the restored database differs from the backup: " + "; ".join(wrong))
    if head != manifest["audit_head"]:
        raise BackupError(
            f"the restored audit chain ends at #{head['sequence']}, "
            f"the backup's at #{manifest['audit_head']['sequence']}."
        )
    chain = audit_chain_check()
    if not chain.intact:
        raise BackupError(f"the restored audit chain does not verify: {chain.problem}")
    return RestoreResult(manifest=manifest, tables=len(counts), rows=sum(counts.values()))
