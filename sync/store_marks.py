"""How the kiosk knows its local store existed and how far it got: two small files next to it.

- `<store>.id`: written once, atomically, when the store is created (or when a store made by
  older software is first opened): the store's id, also recorded inside the SQLite file.
- `<store>.hwm`: the high-water mark, the last outbox sequence number known committed, a
  fixed-width number overwritten in place after every commit that adds an outbox row (the
  commit itself is fsynced first, so the mark never runs ahead of the data). The write
  reaches the OS at once, so a killed process cannot lose it; it is fsynced at most every
  `sync_interval_s` (and at close), so a power cut can only make it lag, never run ahead:
  a full fsync per enqueue measured about 5 ms on this machine's disk (see
  tests/bench/store_marks.py), the write alone a few microseconds.

At start-up, with a marker present: a missing or empty store file, a file without the same
id, or one whose last assigned outbox sequence is below the mark (a write-ahead log lost or
garbled after a crash, a restored old copy) is StoreDamaged. Without a marker, a store file
that exists is adopted (marker written); none means a new store.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sync.errors import StoreDamaged

_MARK_WIDTH = 20  # digits; "+ \n" makes every write the same 21 bytes at offset 0
SQLITE_HEADER_BYTES = 100


def store_files(path: Path) -> list[Path]:
    """The store file and the SQLite files that belong to it, those that exist."""
    candidates = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return [p for p in candidates if p.exists()]


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StoreMarks:
    """The marker and high-water files of one store; used by LocalStore under its locks."""

    def __init__(self, path: Path, sync_interval_s: float = 1.0) -> None:
        self.path = path
        self.sync_interval_s = sync_interval_s
        self._synced_at = 0.0
        self._unsynced = False
        self.marker_path = path.with_name(path.name + ".id")
        self.mark_path = path.with_name(path.name + ".hwm")
        self.store_id: str | None = None
        self.high_water = 0
        self._fd: int | None = None

    # -- checks --------------------------------------------------------------------------------

    def _damaged(self, detail: str, *, keep: bool = False) -> StoreDamaged:
        kept = self._keep_copy() if keep else None
        return StoreDamaged(self.path, detail, kept)

    def _keep_copy(self) -> Path | None:
        """Copy the store's files as they are now into a folder next to them (while the
        damaged store is still open, before SQLite's close could fold or delete its log)."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        folder = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            folder.mkdir(exist_ok=True)
            for file in [*store_files(self.path), self.marker_path, self.mark_path]:
                if file.exists():
                    shutil.copy2(file, folder / file.name)
        except OSError:
            return None
        return folder

    def _read_marker(self) -> str:
        try:
            data = json.loads(self.marker_path.read_text(encoding="utf-8"))
            store_id = data["store_id"]
            uuid.UUID(store_id)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise self._damaged(f"its marker {self.marker_path} is unreadable: {exc}") from None
        return store_id

    def _read_mark(self) -> int:
        try:
            raw = self.mark_path.read_bytes()
        except FileNotFoundError:
            raise self._damaged(
                f"its high-water file {self.mark_path} is missing, so it cannot be checked"
            ) from None
        try:
            return int(raw.decode("ascii").strip() or "0")
        except ValueError:
            raise self._damaged(f"its high-water file {self.mark_path} is unreadable: {raw[:40]!r}") from None

    def check_before_open(self) -> None:
        """What can be seen without opening the file: missing or empty where a store existed."""
        if not self.marker_path.exists():
            if (
                self.path.exists()
                and self.path.stat().st_size == 0
                and not any(p.stat().st_size for p in store_files(self.path)[1:])
            ):
                raise self._damaged("the file is empty (0 bytes) where a store was expected")
            return
        self.store_id = self._read_marker()
        self.high_water = self._read_mark()
        requests = f"{self.high_water} request(s) had been written to it"
        if not self.path.exists():
            raise self._damaged(
                f"the file is missing, but its marker {self.marker_path.name} says store "
                f"{self.store_id} existed and {requests}"
            )
        size = self.path.stat().st_size
        if size < SQLITE_HEADER_BYTES:
            raise self._damaged(f"the file is {size} bytes long where store {self.store_id} was; {requests}")

    def check_opened(self, found: tuple[str | None, int]) -> None:
        """What the opened file says about itself, against the marker (nothing is written)."""
        if self.store_id is None:
            return
        store_id, last_seq = found
        if store_id is None:
            raise self._damaged(
                f"it holds no store id although its marker says store {self.store_id} existed "
                f"with {self.high_water} request(s): its write-ahead log was lost or damaged",
                keep=True,
            )
        if store_id != self.store_id:
            raise self._damaged(
                f"it is store {store_id}, but its marker says {self.store_id}: another "
                "kiosk's file, or an old copy",
                keep=True,
            )
        if last_seq < self.high_water:
            raise self._damaged(
                f"it is shortened: its last request is number {last_seq}, but number "
                f"{self.high_water} had been committed ({self.high_water - last_seq} missing): "
                "its write-ahead log was lost or damaged after a crash, or an old copy was "
                "restored",
                keep=True,
            )

    # -- writing -------------------------------------------------------------------------------

    def establish(self, ensure_identity: Callable[[str], tuple[str, int]]) -> None:
        """After a successful check and migration: adopt a store without a marker (write the
        mark, then the marker), and open the mark file for advance()."""
        if self.store_id is None:
            store_id, last_seq = ensure_identity(str(uuid.uuid4()))
            self._write_mark_file(last_seq)
            tmp = self.marker_path.with_name(self.marker_path.name + ".tmp")
            body = {
                "store_id": store_id,
                "created_at": datetime.now(UTC).isoformat(),
                "file": self.path.name,
                "about": "marks that this kiosk store exists; never delete it while the store is used",
            }
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(body, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.marker_path)
            _fsync_dir(self.path.parent)
            self.store_id, self.high_water = store_id, last_seq
        self._fd = os.open(self.mark_path, os.O_RDWR)

    def _write_mark_file(self, value: int) -> None:
        fd = os.open(self.mark_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.pwrite(fd, self._encode(value), 0)
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(self.path.parent)

    @staticmethod
    def _encode(value: int) -> bytes:
        return f"{value:0{_MARK_WIDTH}d}\n".encode("ascii")

    def advance(self, seq: int) -> None:
        """Move the mark to `seq` (after the commit that added it); fsynced if the last fsync
        is older than sync_interval_s."""
        if seq <= self.high_water or self._fd is None:
            return
        os.pwrite(self._fd, self._encode(seq), 0)
        self.high_water = seq
        self._unsynced = True
        now = time.monotonic()
        if now - self._synced_at >= self.sync_interval_s:
            self._sync(now)

    def _sync(self, now: float) -> None:
        assert self._fd is not None
        if hasattr(os, "fdatasync"):
            os.fdatasync(self._fd)
        else:  # pragma: no cover - macOS
            os.fsync(self._fd)
        self._synced_at = now
        self._unsynced = False

    def close(self) -> None:
        if self._fd is not None:
            if self._unsynced:
                self._sync(time.monotonic())
            os.close(self._fd)
            self._fd = None
