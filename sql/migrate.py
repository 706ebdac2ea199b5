"""Applies the database: the schema migrations in `sql/schema/`, then every function file in
`sql/functions/`.

Schema migrations are append-only. yoyo runs each file in its own transaction and records
which ids it applied. It identifies a migration by its file name only, so we also record a
SHA-256 of each applied file and refuse to run when an applied file has changed since: a
schema that silently differs from its files is how money bugs hide.

Functions are code: each file holds one `CREATE OR REPLACE` function or helper (the last one
the grants), and all of them are applied again, in file-name order, in one transaction after
the schema, so a changed function is a plain diff. Their digests are recorded too, so the
report says which files changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from yoyo import get_backend, read_migrations

SCHEMA_DIR = Path(__file__).with_name("schema")
FUNCTIONS_DIR = Path(__file__).with_name("functions")
CHECKSUM_TABLE = "festival_migration_checksum"
FUNCTIONS_TABLE = "festival_function_files"


class MigrationError(RuntimeError):
    """A migration cannot be applied; the message says why and what to do."""


@dataclass(frozen=True)
class MigrationReport:
    applied: list[str]
    already_applied: list[str]
    functions_changed: list[str] = field(default_factory=list)
    functions_total: int = 0


def file_checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def yoyo_url(database_url: str) -> str:
    """yoyo picks the driver from the scheme: ask it for psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if database_url.startswith(prefix):
            return "postgresql+psycopg://" + database_url[len(prefix) :]
    if database_url.startswith("postgresql+psycopg://"):
        return database_url
    raise MigrationError(f"not a PostgreSQL URL: {database_url!r} (expected postgresql://...)")


def _recorded_checksums(conn: psycopg.Connection) -> dict[str, str]:
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {CHECKSUM_TABLE} ("
        " migration_id text PRIMARY KEY, sha256 text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())"
    )
    return dict(conn.execute(f"SELECT migration_id, sha256 FROM {CHECKSUM_TABLE}").fetchall())


def apply_migrations(
    database_url: str, migrations_dir: Path = SCHEMA_DIR, functions_dir: Path | None = FUNCTIONS_DIR
) -> MigrationReport:
    """Apply pending schema migrations in order, then every function file; raise
    MigrationError if an applied migration file changed or a function file fails."""
    files = {p.stem: p for p in sorted(migrations_dir.glob("*.sql")) if not p.stem.endswith(".rollback")}
    backend = get_backend(yoyo_url(database_url))
    try:
        with backend.lock():
            report = _apply(backend, database_url, files, migrations_dir)
            if functions_dir is None:
                return report
            changed, total = apply_functions(database_url, functions_dir)
            return dataclasses.replace(report, functions_changed=changed, functions_total=total)
    finally:
        backend.connection.close()  # yoyo keeps it open; it would block CREATE DATABASE ... TEMPLATE


def _apply(
    backend: object, database_url: str, files: dict[str, Path], migrations_dir: Path
) -> MigrationReport:
    migrations = read_migrations(str(migrations_dir))
    with psycopg.connect(database_url, autocommit=True) as conn:
        recorded = _recorded_checksums(conn)
        applied_hashes = set(backend.get_applied_migration_hashes())
        applied_ids = {m.id for m in migrations if m.hash in applied_hashes}
        for mid in sorted(applied_ids):
            expected = recorded.get(mid)
            actual = file_checksum(files[mid])
            if expected is not None and expected != actual:
                raise MigrationError(
                    f"migration {mid} was applied but its file has changed since "
                    f"(recorded sha256 {expected[:12]}…, file {actual[:12]}…). "
                    "Never edit an applied migration: add a new one."
                )
        pending = backend.to_apply(migrations)
        newly = [m.id for m in pending]
        for m in pending:
            backend.apply_one(m)
            conn.execute(
                f"INSERT INTO {CHECKSUM_TABLE} (migration_id, sha256) VALUES (%s, %s) "
                "ON CONFLICT (migration_id) DO UPDATE SET sha256 = EXCLUDED.sha256",
                (m.id, file_checksum(files[m.id])),
            )
        for mid in applied_ids - recorded.keys():  # applied before checksums were kept
            conn.execute(
                f"INSERT INTO {CHECKSUM_TABLE} (migration_id, sha256) VALUES (%s, %s)",
                (mid, file_checksum(files[mid])),
            )
    return MigrationReport(applied=newly, already_applied=sorted(applied_ids))


def apply_functions(database_url: str, functions_dir: Path = FUNCTIONS_DIR) -> tuple[list[str], int]:
    """Run every function file in name order in one transaction; return the names of the
    files that differ from the last run, and how many there are."""
    paths = sorted(functions_dir.glob("*.sql"))
    with psycopg.connect(database_url) as conn:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {FUNCTIONS_TABLE} ("
            " file_name text PRIMARY KEY, sha256 text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        recorded = dict(conn.execute(f"SELECT file_name, sha256 FROM {FUNCTIONS_TABLE}").fetchall())
        changed = []
        for path in paths:
            try:
                conn.execute(path.read_text())
            except psycopg.Error as exc:
                raise MigrationError(f"function file {path.name} failed: {str(exc).strip()}") from exc
            digest = file_checksum(path)
            if recorded.get(path.name) != digest:
                changed.append(path.name)
                conn.execute(
                    f"INSERT INTO {FUNCTIONS_TABLE} (file_name, sha256) VALUES (%s, %s) "
                    "ON CONFLICT (file_name) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = now()",
                    (path.name, digest),
                )
    return changed, len(paths)
