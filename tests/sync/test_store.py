"""The local SQLite store: pragmas, stepwise migrations, integrity check, default location."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sync.errors import StoreError
from sync.store import MIGRATIONS, SCHEMA_VERSION, LocalStore, default_store_path


def test_a_new_store_uses_wal_full_sync_and_foreign_keys(store_path):
    store = LocalStore(store_path).open()
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_migrations_run_step_by_step_and_keep_the_data(store_path):
    first = (("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",),)
    second = (*first, ("ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'kiosk'",))
    store = LocalStore(store_path, migrations=first).open()
    with store.write() as conn:
        conn.exec_driver_sql("INSERT INTO notes (body) VALUES ('kept')")
    assert store.schema_version == 1
    store.close()
    store = LocalStore(store_path, migrations=second).open()
    assert store.schema_version == 2
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT body, author FROM notes").one() == ("kept", "kiosk")
    store.close()


def test_a_store_from_newer_software_is_refused(store_path):
    LocalStore(store_path).open().close()
    with pytest.raises(StoreError, match="newer than this kiosk software"):
        LocalStore(store_path, migrations=MIGRATIONS[:0]).open()


def test_a_file_that_is_not_a_database_is_reported_clearly(store_path):
    store_path.write_bytes(b"this is not SQLite at all" * 100)
    with pytest.raises(StoreError, match=r"is damaged .*Do not delete it"):
        LocalStore(store_path).open()


def test_a_corrupted_page_is_caught_by_the_start_up_check(store_path):
    store = LocalStore(store_path).open()
    with store.write() as conn:
        conn.exec_driver_sql("CREATE TABLE filler (x TEXT)")
        for i in range(400):
            conn.exec_driver_sql(f"INSERT INTO filler VALUES ('{'x' * 200}{i}')")
        conn.exec_driver_sql("CREATE INDEX filler_x ON filler (x)")
    store.close()
    with sqlite3.connect(store_path) as raw:  # fold the WAL into the main file
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(store_path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12), page):  # scribble over some pages
        data[offset : offset + 64] = b"\xff" * 64
    store_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        LocalStore(store_path).open()


def test_an_unwritable_location_is_reported(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot create the directory"):
        LocalStore(blocker / "sub" / "store.sqlite3").open()


def test_the_default_location_comes_from_platformdirs(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_store_path()
    assert path.is_relative_to(Path(tmp_path / "data" / "festival-kiosk"))
    store = LocalStore().open()
    assert store.path == path and path.exists()
    store.close()


def test_one_store_serves_one_kiosk_at_a_time(store_path):
    first = LocalStore(store_path).open()
    with pytest.raises(StoreError, match="in use by another kiosk"):
        LocalStore(store_path).open()
    first.close()
    LocalStore(store_path).open().close()  # released on close (and by the kernel on a crash)
