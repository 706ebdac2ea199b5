"""`festival-admin cards import|show|block|unblock|transfer` against the real test database."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg

from sql.admin import main
from tests.sql.contract import ledger_mismatches


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def card_count(db) -> int:
    return db.execute("SELECT count(*) FROM cards").fetchone()[0]


def test_import_normalises_uids_and_leaves_known_cards_alone(db, db_url, tmp_path: Path, capsys):
    path = tmp_path / "cards.csv"
    path.write_text("card_uid,printed_code\n04aa000000000001,A-1\n04:AA:00:00:00:00:00:02,A-2\n\n"
                    "04DE0000000001,DEMO-001\n04aa000000000003,\n")
    code, out, _ = run(capsys, "cards", "import", str(path), "--database-url", db_url)
    assert code == 0, out
    assert "4 card(s) read: 3 imported, 1 already known (left alone)" in out
    assert db.execute("SELECT card_uid, printed_code, status, balance_cents FROM cards"
                      " WHERE card_uid LIKE '04AA%' ORDER BY 1").fetchall() == [
        ("04AA000000000001", "A-1", "active", 0), ("04AA000000000002", "A-2", "active", 0),
        ("04AA000000000003", None, "active", 0)]
    known = db.execute("SELECT balance_cents FROM cards WHERE card_uid = '04DE0000000001'").fetchone()
    assert known == (2000,)
    code, out, _ = run(capsys, "cards", "import", str(path), "--database-url", db_url)
    assert code == 0 and "0 imported, 4 already known" in out


def test_bad_lines_are_listed_with_their_numbers_and_nothing_is_imported(db, db_url, tmp_path, capsys):
    before = card_count(db)
    path = tmp_path / "cards.csv"
    path.write_text("card_uid,printed_code\n04AA000000000001,A-1\nnot-a-uid,A-2\n04AA000000000001,A-3\n"
                    "04AA000000000004,A-1\n04AA000000000005,x,extra\n04AA00000006A,A-6\n")
    code, out, err = run(capsys, "cards", "import", str(path), "--database-url", db_url)
    assert code == 1 and out == ""
    for fragment in ("5 bad line(s), nothing imported",
                     "line 3: 'not-a-uid' is not a card UID",
                     "line 4: card 04AA000000000001 is already on line 2",
                     "line 5: printed code 'A-1' is already on line 2",
                     "line 6: 3 fields, the header has 2",
                     "line 7: '04AA00000006A' is not a card UID"):
        assert fragment in err, err
    assert card_count(db) == before


def test_a_printed_code_of_another_card_or_a_bad_header_imports_nothing(db, db_url, tmp_path, capsys):
    before = card_count(db)
    path = tmp_path / "cards.csv"
    path.write_text("card_uid,printed_code\n04AA000000000001,A-1\n04AA000000000002,DEMO-007\n")
    code, _, err = run(capsys, "cards", "import", str(path), "--database-url", db_url)
    assert code == 1 and "line 3: printed code 'DEMO-007' already belongs to card 04DE0000000007" in err
    path.write_text("uid\n04AA000000000001\n")
    code, _, err = run(capsys, "cards", "import", str(path), "--database-url", db_url)
    assert code == 1 and "line 1: the header must be card_uid or card_uid,printed_code" in err
    assert card_count(db) == before


def test_a_hundred_thousand_cards_import_in_under_ten_seconds(db, db_url, tmp_path, capsys):
    path = tmp_path / "cards.csv"
    lines = ["card_uid,printed_code", *(f"05{n:012X},P-{n:06d}" for n in range(100_000))]
    path.write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    code, out, _ = run(capsys, "cards", "import", str(path), "--database-url", db_url)
    elapsed = time.monotonic() - started
    assert code == 0, out
    assert "100000 card(s) read: 100000 imported" in out
    print(f"\n100,000-card import: {elapsed:.2f} s")
    assert elapsed < 10
    assert db.execute("SELECT count(*) FROM cards WHERE card_uid LIKE '05%'").fetchone() == (100_000,)


def test_block_unblock_and_show_are_audited_with_the_operator(db, db_url, capsys):
    code, out, _ = run(capsys, "cards", "block", "04de0000000002", "--reason", "reported lost",
                       "--database-url", db_url)
    assert code == 0 and "card 04DE0000000002: active → blocked" in out
    code, out, _ = run(capsys, "cards", "block", "04DE0000000002", "--database-url", db_url)
    assert code == 0 and "already blocked: nothing changed" in out
    code, out, _ = run(capsys, "cards", "unblock", "04DE0000000002", "--database-url", db_url)
    assert code == 0 and "blocked → active" in out
    rows = db.execute("SELECT previous_status, new_status, device_id, staff_id,"
                      " operator LIKE 'festival-admin %', reason FROM card_status_changes"
                      " ORDER BY change_id").fetchall()
    assert rows == [("active", "blocked", None, None, True, "reported lost"),
                    ("blocked", "active", None, None, True, None)]
    changed = db.execute("SELECT sp_cards_changed_since('kiosk-bar-1', now() - interval '1 minute')"
                         ).fetchone()[0]
    assert "04DE0000000002" in {c["card_uid"] for c in changed["cards"]}
    code, out, _ = run(capsys, "cards", "show", "04DE0000000002", "--database-url", db_url)
    assert code == 0
    assert "card 04DE0000000002: active, balance 2000 cents, printed code DEMO-002" in out
    assert "blocked → active by festival-admin" in out and "initial" in out
    code, _, err = run(capsys, "cards", "show", "04DE00000009FF", "--database-url", db_url)
    assert code == 1 and "not registered" in err
    code, _, err = run(capsys, "cards", "block", "zz", "--database-url", db_url)
    assert code == 1 and "'zz' is not a card UID" in err


def test_transfer_moves_the_balance_once_and_running_it_twice_changes_nothing(db, db_url, capsys):
    argv = ("cards", "transfer", "04DE0000000003", "04DE0000000085", "--reason", "lost at the bar",
            "--database-url", db_url)
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "2000 cents moved to 04DE0000000085 (now 2000 cents)" in out
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "already transferred to 04DE0000000085 (2000 cents): nothing changed" in out
    assert db.execute("SELECT card_uid, status, balance_cents FROM cards WHERE card_uid IN"
                      " ('04DE0000000003', '04DE0000000085') ORDER BY 1").fetchall() == [
        ("04DE0000000003", "blocked", 0), ("04DE0000000085", "active", 2000)]
    rows = db.execute("SELECT card_uid, kind, amount_cents, previous_balance_cents, new_balance_cents"
                      " FROM ledger WHERE kind = 'transfer' ORDER BY card_uid").fetchall()
    assert rows == [("04DE0000000003", "transfer", -2000, 2000, 0),
                    ("04DE0000000085", "transfer", 2000, 0, 2000)]
    with psycopg.connect(db_url) as conn:
        assert ledger_mismatches(conn) == []
    code, _, err = run(capsys, "cards", "transfer", "04DE0000000003", "04DE0000000086", "--reason", "x",
                       "--database-url", db_url)
    assert code == 1 and "already transferred to 04DE0000000085" in err


def test_transfer_is_refused_to_a_blocked_card_or_past_the_maximum(db, db_url, capsys):
    code, _, err = run(capsys, "cards", "transfer", "04DE0000000004", "04DE0000000095", "--reason", "lost",
                       "--database-url", db_url)
    assert code == 1 and "the new card 04DE0000000095 is blocked" in err
    db.execute("UPDATE event_settings SET max_balance_cents = 3000")
    code, _, err = run(capsys, "cards", "transfer", "04DE0000000004", "04DE0000000005", "--reason", "lost",
                       "--database-url", db_url)
    assert code == 1 and "would hold 4000 cents, above the event maximum of 3000" in err
    code, _, err = run(capsys, "cards", "transfer", "04DE0000000004", "04DE0000000004", "--reason", "lost",
                       "--database-url", db_url)
    assert code == 1 and "the same card" in err
    code, _, err = run(capsys, "cards", "transfer", "04DE0000000004", "04DE00000000AA", "--reason", "lost",
                       "--database-url", db_url)
    assert code == 1 and "04DE00000000AA is not registered" in err
    assert db.execute("SELECT count(*) FROM ledger WHERE kind = 'transfer'").fetchone() == (0,)
    assert db.execute("SELECT status FROM cards WHERE card_uid = '04DE0000000004'").fetchone() == ("active",)


def test_a_spreadsheet_export_with_a_bom_and_crlf_lines_imports(db, db_url, tmp_path, capsys):
    path = tmp_path / "cards.csv"
    path.write_bytes("\ufeffCard_UID,Printed_Code\r\n04aa0000000000f1,X-1\r\n04aa0000000000f2,X-2\r\n".encode())
    code, out, _ = run(capsys, "cards", "import", str(path), "--database-url", db_url)
    assert code == 0 and "2 card(s) read: 2 imported" in out
    code_of = db.execute("SELECT printed_code FROM cards WHERE card_uid = '04AA0000000000F2'").fetchone()
    assert code_of == ("X-2",)
