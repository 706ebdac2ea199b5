"""Applies the ordered `.sql` migrations in `sql/migrations/` with yoyo-migrations.

yoyo runs each file in its own transaction and records which ids it applied. It identifies
a migration by its file name only, so we also record a SHA-256 of each applied file and
refuse to run when an applied file has changed since: a schema that silently differs from
its files is how money bugs hide.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import psycopg
from yoyo import get_backend, read_migrations

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
CHECKSUM_TABLE = "festival_migration_checksum"


class MigrationError(RuntimeError):
    """A migration cannot be applied; the message says why and what to do."""


@dataclass(frozen=True)
class MigrationReport:
    applied: list[str]
    already_applied: list[str]


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


def apply_migrations(database_url: str, migrations_dir: Path = MIGRATIONS_DIR) -> MigrationReport:
    """Apply pending migrations in order; raise MigrationError if an applied file changed."""
    files = {p.stem: p for p in sorted(migrations_dir.glob("*.sql")) if not p.stem.endswith(".rollback")}
    backend = get_backend(yoyo_url(database_url))
    try:
        return _apply(backend, database_url, files, migrations_dir)
    finally:
        backend.connection.close()  # yoyo keeps it open; it would block CREATE DATABASE ... TEMPLATE


def _apply(
    backend: object, database_url: str, files: dict[str, Path], migrations_dir: Path
) -> MigrationReport:
    migrations = read_migrations(str(migrations_dir))
    with backend.lock(), psycopg.connect(database_url, autocommit=True) as conn:
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
