"""`festival-admin staff set-pin STAFF_ID`: give a person a new PIN.

The PIN is read from the terminal without echo (asked twice), or from the first line of
standard input when it is not a terminal. The policy of DESIGN: digits only, at least 6 for
cashiers, supervisors and admins, at least 4 for bar staff. It is stored as a bcrypt hash of
cost 10 with the `$2a$` prefix (the server checks PINs with pgcrypto, which knows only
`$2a$`; kiosks check the same hash offline). A new PIN ends that person's open staff sessions
and their lock-out (the lock-out counts wrong PINs since `pin_changed_at`).
"""

from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass
from typing import Any, TextIO

import bcrypt
import psycopg

PIN_HASH_ROUNDS = 10
MAX_PIN_DIGITS = 12
MIN_DIGITS = {"bar": 4, "cashier": 6, "supervisor": 6, "admin": 6}


class StaffAdminError(Exception):
    """A staff command cannot be carried out; the message says why."""


@dataclass(frozen=True)
class PinChange:
    staff_id: str
    role: str
    sessions_ended: int


def pin_problem(pin: str, role: str) -> str | None:
    """Why a PIN is refused for that role, or None when it is acceptable."""
    minimum = MIN_DIGITS[role]
    if not pin.isascii() or not pin.isdigit():
        return "a PIN has digits only"
    if len(pin) < minimum:
        return f"a {role} PIN has at least {minimum} digits"
    if len(pin) > MAX_PIN_DIGITS:
        return f"a PIN has at most {MAX_PIN_DIGITS} digits"
    return None


def hash_pin(pin: str) -> str:
    return bcrypt.hashpw(pin.encode(), bcrypt.gensalt(rounds=PIN_HASH_ROUNDS, prefix=b"2a")).decode()


def staff_role(conn: psycopg.Connection, staff_id: str) -> str:
    row = conn.execute("SELECT role FROM staff WHERE staff_id = %s", (staff_id,)).fetchone()
    if row is None:
        known = [r[0] for r in conn.execute("SELECT staff_id FROM staff WHERE enabled ORDER BY 1")]
        from sql.event_schema import did_you_mean

        raise StaffAdminError(f"no staff member {staff_id!r}{did_you_mean(staff_id, known)}; "
                              "add them to the event file and run `festival-admin event apply`")
    return row[0]


def set_pin(conn: psycopg.Connection, staff_id: str, pin: str) -> PinChange:
    """Store a new PIN (in the caller's transaction), end the person's open sessions and
    lock-out. Raises StaffAdminError for an unknown person or a PIN the policy refuses."""
    role = staff_role(conn, staff_id)
    problem = pin_problem(pin, role)
    if problem:
        raise StaffAdminError(f"PIN refused for {staff_id}: {problem}")
    conn.execute("SELECT 1 FROM staff WHERE staff_id = %s FOR UPDATE", (staff_id,))
    conn.execute("UPDATE staff SET pin_hash = %s, pin_set = true, pin_changed_at = now() WHERE staff_id = %s",
                 (hash_pin(pin), staff_id))
    ended = conn.execute(
        "UPDATE staff_sessions SET ended_at = now(), end_reason = 'pin_changed'"
        " WHERE staff_id = %s AND ended_at IS NULL", (staff_id,)).rowcount
    return PinChange(staff_id, role, ended)


def read_pin(stdin: TextIO, staff_id: str) -> str:
    """Twice without echo on a terminal; the first line of stdin otherwise."""
    if stdin.isatty():
        first = getpass.getpass(f"New PIN for {staff_id}: ")
        second = getpass.getpass("Same PIN again: ")
        if first != second:
            raise StaffAdminError("the two PINs differ; nothing changed")
        return first
    line = stdin.readline()
    if not line:
        raise StaffAdminError("no PIN on standard input; nothing changed")
    return line.rstrip("\r\n")


def register(sub: Any) -> None:
    """`festival-admin staff set-pin STAFF_ID`."""
    parser = sub.add_parser("staff", help="staff members' PINs")
    commands = parser.add_subparsers(dest="staff_command", required=True)
    p = commands.add_parser("set-pin", help="a new PIN, from the terminal or from stdin when not a tty")
    p.add_argument("staff_id")
    p.add_argument("--database-url", required=True, help="postgresql://user@host:port/dbname")
    p.set_defaults(func=_cmd_set_pin)


def _cmd_set_pin(args: Any) -> None:
    from sql.admin import AdminError, check_reachable, check_url

    check_url(args.database_url)
    check_reachable(args.database_url)
    try:
        with psycopg.connect(args.database_url) as conn:
            staff_role(conn, args.staff_id)  # an unknown person is told before the PIN is typed
            pin = read_pin(sys.stdin, args.staff_id)
            change = set_pin(conn, args.staff_id, pin)
    except StaffAdminError as exc:
        raise AdminError(str(exc)) from exc
    print(f"PIN of {change.staff_id} ({change.role}) changed; "
          f"{change.sessions_ended} open session(s) ended, lock-out lifted")
