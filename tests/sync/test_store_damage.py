"""The kiosk's own store cannot lose sales silently: a store that existed and is now
missing, empty, foreign, or shorter than its high-water mark (a write-ahead log deleted or
garbled after kill -9) stops with StoreDamaged naming the file and what was found, leaves
the files as they were, and the export command still gets every readable request out."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.main import main as kiosk_main
from sync.errors import StoreDamaged
from sync.store import LocalStore
from tests.sync.store_damage_driver import add_rows

REPO = Path(__file__).resolve().parents[2]


def existing_store(path: Path, rows: int = 5) -> list[str]:
    """A store with `rows` requests, closed cleanly (its log folded into the file)."""
    store = LocalStore(path).open()
    ids = add_rows(store, rows)
    store.close()
    return ids


def killed_after(path: Path, rows: int) -> None:
    """A kiosk process commits `rows` more requests and is killed with SIGKILL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.store_damage_driver", str(path), str(rows)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == f"committed {rows}"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the commits should be in the write-ahead log"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def exported(store: Path, tmp_path: Path) -> list[dict]:
    out = tmp_path / "export.csv"
    assert kiosk_main(["--export-outbox", str(out), "--store", str(store)]) == 0
    with open(out, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_new_store_writes_its_marker_and_high_water_mark(store_path):
    store = LocalStore(store_path).open()
    add_rows(store, 3)
    assert store.high_water == 3
    assert int(store_path.with_name(store_path.name + ".hwm").read_text()) == 3
    assert store_path.with_name(store_path.name + ".id").exists()
    store.close()
    LocalStore(store_path).open().close()  # reopening a healthy store is fine


def test_a_store_truncated_to_zero_bytes_stops_the_kiosk(store_path, tmp_path):
    existing_store(store_path, 30)
    store_path.write_bytes(b"")
    with pytest.raises(StoreDamaged, match=r"is damaged \(the file is 0 bytes long") as caught:
        LocalStore(store_path).open()
    assert caught.value.path == store_path and "30 request(s)" in caught.value.detail
    assert "--export-outbox" in str(caught.value)
    assert store_path.stat().st_size == 0  # left as found: no fresh store over it


def test_a_deleted_store_file_stops_the_kiosk(store_path):
    existing_store(store_path, 30)
    store_path.unlink()
    with pytest.raises(StoreDamaged, match="the file is missing") as caught:
        LocalStore(store_path).open()
    assert "30 request(s)" in caught.value.detail
    assert not store_path.exists()  # not recreated


def test_an_empty_file_where_a_store_was_expected_stops_even_without_a_marker(store_path):
    store_path.write_bytes(b"")
    with pytest.raises(StoreDamaged, match="0 bytes"):
        LocalStore(store_path).open()


def test_a_wal_deleted_after_kill_9_stops_the_kiosk_and_the_readable_rows_export(store_path, tmp_path):
    before = existing_store(store_path, 5)
    killed_after(store_path, 30)
    store_path.with_name(store_path.name + "-wal").unlink()
    found = digest(store_path)
    with pytest.raises(
        StoreDamaged, match=r"shortened: its last request is number 5, but number 35"
    ) as caught:
        LocalStore(store_path).open()
    assert caught.value.kept_copy is not None and (caught.value.kept_copy / store_path.name).exists()
    assert digest(store_path) == found
    rows = exported(store_path, tmp_path)
    assert [r["request_id"] for r in rows] == before
    with pytest.raises(StoreDamaged):  # and it stays stopped until someone acts
        LocalStore(store_path).open()


def test_a_garbled_wal_after_kill_9_stops_the_kiosk_keeps_the_log_and_exports_what_is_readable(
    store_path, tmp_path
):
    before = existing_store(store_path, 5)
    killed_after(store_path, 30)
    wal = store_path.with_name(store_path.name + "-wal")
    data = bytearray(wal.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 512] = os.urandom(512)
    wal.write_bytes(bytes(data))
    garbled = digest(wal)
    with pytest.raises(StoreDamaged, match="write-ahead log was lost or damaged") as caught:
        LocalStore(store_path).open()
    kept = caught.value.kept_copy
    assert digest(kept / wal.name) == garbled  # the log as found is kept for recovery
    rows = exported(store_path, tmp_path)
    ids = [r["request_id"] for r in rows]
    assert ids[:5] == before and 5 <= len(ids) < 35  # the commits before the garbled frame


def test_another_stores_file_in_its_place_is_refused(tmp_path):
    first, second = tmp_path / "a" / "store.sqlite3", tmp_path / "b" / "store.sqlite3"
    existing_store(first, 2)
    existing_store(second, 2)
    shutil.copy2(second, first)
    with pytest.raises(StoreDamaged, match="another kiosk's file"):
        LocalStore(first).open()


def test_a_store_made_before_markers_existed_is_adopted(store_path):
    existing_store(store_path, 4)
    for suffix in (".id", ".hwm"):
        store_path.with_name(store_path.name + suffix).unlink()
    store = LocalStore(store_path).open()
    assert store.high_water == 4
    store.close()
    store_path.unlink()
    with pytest.raises(StoreDamaged, match="missing"):  # from now on it is watched
        LocalStore(store_path).open()


def test_export_reads_a_healthy_store_and_reports_a_missing_one(store_path, tmp_path, capsys):
    ids = existing_store(store_path, 3)
    assert [r["request_id"] for r in exported(store_path, tmp_path)] == ids
    assert "exported 3 request(s)" in capsys.readouterr().out
    assert kiosk_main(["--export-outbox", str(tmp_path / "x.csv"), "--store", str(tmp_path / "nope")]) == 1
    assert "nothing could be exported" in capsys.readouterr().err


def test_the_kiosk_itself_refuses_to_start_on_a_damaged_store(store_path):
    from sync.service import KioskSync

    existing_store(store_path, 3)
    store_path.write_bytes(b"")

    class NoBackend:  # open() never calls the backend
        def call(self, *a, **k):
            raise AssertionError("no network at open")

        call_many = call

        def close(self):
            pass

    sync = KioskSync(NoBackend(), store_path, "kiosk-bar-1")
    with pytest.raises(StoreDamaged, match=str(store_path)):
        sync.open()
    assert store_path.stat().st_size == 0
