"""Recovery: export whatever is readable of a kiosk store's outbox to a CSV file for a
supervisor, without touching the store (even a damaged one: StoreDamaged's advice).

The store's files are copied to a temporary folder first and only the copy is opened, so
neither SQLite's recovery nor a checkpoint can change what was found. Rows are read in one
query when the table is intact, else one by one by sequence number, skipping unreadable
ones. Qt-free; used by `festival-kiosk --export-outbox FILE.csv`.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sync.store_marks import StoreMarks, store_files

COLUMNS = (
    "seq", "request_id", "kind", "function", "state", "offline", "card_uid", "amount_cents",
    "staff_id", "target_request_id", "captured_at", "created_at", "updated_at", "attempts",
    "maybe_sent", "error_code", "last_error", "payload", "response",
)  # fmt: skip
_SCAN_PAST_MARK = 1000  # when reading row by row: how far past the high-water mark to look


@dataclass(frozen=True)
class ExportReport:
    rows: int  # rows written to the CSV
    unreadable: int  # sequence numbers that could not be read (row by row only)
    high_water: int | None  # the last sequence the store's mark says was committed
    note: str  # how the rows were read


def export_outbox(store_path: Path | str, out_path: Path | str) -> ExportReport:
    """Write the readable outbox rows of `store_path` to the CSV `out_path`. OSError or
    sqlite3.DatabaseError when nothing at all can be read."""
    store = Path(store_path)
    if not store.exists():
        raise FileNotFoundError(f"no store file at {store}")
    marks = StoreMarks(store)
    try:
        high_water: int | None = int(marks.mark_path.read_text(encoding="ascii").strip() or "0")
    except (OSError, ValueError):
        high_water = None
    with tempfile.TemporaryDirectory(prefix="kiosk-export-") as tmp:
        copy = Path(tmp) / store.name
        for file in store_files(store):
            shutil.copy2(file, Path(tmp) / file.name)
        conn = sqlite3.connect(copy)
        try:
            present = [r[1] for r in conn.execute("PRAGMA table_info(outbox)")]
            if not present:
                raise sqlite3.DatabaseError(f"{store} has no readable outbox table")
            wanted = [c for c in COLUMNS if c in present]
            select = f"SELECT {', '.join(wanted)} FROM outbox"  # column names from COLUMNS only
            unreadable = 0
            try:
                rows = conn.execute(f"{select} ORDER BY seq").fetchall()
                note = "read in one pass"
            except sqlite3.DatabaseError:
                rows, unreadable = [], 0
                last = max(high_water or 0, 0) + _SCAN_PAST_MARK
                for seq in range(1, last + 1):
                    try:
                        row = conn.execute(f"{select} WHERE seq = ?", (seq,)).fetchone()
                    except sqlite3.DatabaseError:
                        unreadable += 1
                        continue
                    if row is not None:
                        rows.append(row)
                note = "read row by row (the table is damaged)"
        finally:
            conn.close()
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(wanted)
        writer.writerows(rows)
    return ExportReport(rows=len(rows), unreadable=unreadable, high_water=high_water, note=note)
