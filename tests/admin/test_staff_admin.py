"""`festival-admin staff set-pin`: the PIN policy, the `$2a$` bcrypt hash pgcrypto checks, the
end of the person's sessions and lock-out; the PIN from stdin, or from a terminal without echo."""

from __future__ import annotations

import io
import os
import pty
import select
import sys
import time

import pytest

from sql.admin import main
from sql.staff_admin import pin_problem


def set_pin(monkeypatch, capsys, db_url: str, staff_id: str, typed: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    code = main(["staff", "set-pin", staff_id, "--database-url", db_url])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("pin", "role", "problem"), [
    ("1234", "bar", None),
    ("123", "bar", "a bar PIN has at least 4 digits"),
    ("12345", "cashier", "a cashier PIN has at least 6 digits"),
    ("12345", "supervisor", "a supervisor PIN has at least 6 digits"),
    ("12345a", "admin", "a PIN has digits only"),
    ("１２３４５６", "cashier", "a PIN has digits only"),  # full-width digits are not typed on a kiosk
    ("1234567890123", "bar", "a PIN has at most 12 digits"),
    ("999999", "supervisor", None),
])
def test_pin_policy(pin: str, role: str, problem: str | None):
    assert pin_problem(pin, role) == problem


def test_a_new_pin_from_stdin_is_checked_by_pgcrypto_and_ends_sessions_and_lock_out(
        db, db_url, monkeypatch, capsys):
    db.execute("INSERT INTO staff_sessions (staff_id, device_id, role, expires_at)"
               " VALUES ('staff-cashier-1', 'kiosk-checkpoint-1', 'cashier', now() + interval '1 hour')")
    code, out, _ = set_pin(monkeypatch, capsys, db_url, "staff-cashier-1", "482913\n")
    assert code == 0
    assert "PIN of staff-cashier-1 (cashier) changed; 1 open session(s) ended" in out
    pin_hash, changed_at, pin_set = db.execute(
        "SELECT pin_hash, pin_changed_at, pin_set FROM staff WHERE staff_id = 'staff-cashier-1'").fetchone()
    assert pin_hash.startswith("$2a$10$") and changed_at is not None and pin_set
    assert db.execute("SELECT crypt('482913', %s) = %s, crypt('234567', %s) = %s",
                      (pin_hash, pin_hash, pin_hash, pin_hash)).fetchone() == (True, False)
    assert db.execute("SELECT ended_at IS NOT NULL, end_reason FROM staff_sessions").fetchall() == [
        (True, "pin_changed")]
    assert "482913" not in out


def test_a_pin_the_policy_refuses_changes_nothing(db, db_url, monkeypatch, capsys):
    before = db.execute("SELECT pin_hash FROM staff WHERE staff_id = 'staff-super-1'").fetchone()
    code, out, err = set_pin(monkeypatch, capsys, db_url, "staff-super-1", "1234\n")
    assert code == 1 and out == ""
    assert "PIN refused for staff-super-1: a supervisor PIN has at least 6 digits" in err
    assert db.execute("SELECT pin_hash FROM staff WHERE staff_id = 'staff-super-1'").fetchone() == before


def test_an_unknown_person_or_an_empty_stdin_is_a_clear_error(db_url, monkeypatch, capsys):
    code, _, err = set_pin(monkeypatch, capsys, db_url, "staff-bar-9", "1234\n")
    assert code == 1 and "no staff member 'staff-bar-9'" in err and 'did you mean "staff-bar-1"' in err
    code, _, err = set_pin(monkeypatch, capsys, db_url, "staff-bar-1", "")
    assert code == 1 and "no PIN on standard input" in err


def _read_until(fd: int, needle: bytes, timeout: float = 60.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_on_a_terminal_the_pin_is_asked_twice_and_not_echoed(db, db_url):
    """A real pseudo-terminal: the prompts appear, the typed digits never do."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: festival-admin on the terminal
        os.execv(sys.executable, [sys.executable, "-m", "sql.admin", "staff", "set-pin", "staff-bar-1",
                                  "--database-url", db_url])
    try:
        transcript = _read_until(fd, b"New PIN")
        os.write(fd, b"5739\n")
        transcript += _read_until(fd, b"again")
        os.write(fd, b"5739\n")
        transcript += _read_until(fd, b"changed")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, transcript
    assert b"PIN of staff-bar-1 (bar) changed" in transcript
    assert b"5739" not in transcript
    (pin_hash,) = db.execute("SELECT pin_hash FROM staff WHERE staff_id = 'staff-bar-1'").fetchone()
    assert db.execute("SELECT crypt('5739', %s) = %s", (pin_hash, pin_hash)).fetchone() == (True,)
