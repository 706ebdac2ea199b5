"""`festival-admin cards import|show|block|unblock|transfer`: the festival's cards.

`import FILE.csv` reads the header `card_uid[,printed_code]`; UIDs are normalised to uppercase
hex without separators. The whole file is checked first: every bad line is listed with its
line number and nothing is imported if any is bad. Cards the database already has are left
alone and counted. The rows go to the server with COPY and are inserted by one statement.

Block, unblock and transfer are made by an operator, not a kiosk: the audit rows name the
operator (the database login and the system user) instead of a device and a supervisor
(sql/functions/72_admin_set_card_status.sql, 73_admin_transfer_card.sql).
"""

from __future__ import annotations

import csv
import getpass
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from sql.event_schema import normalise_card_uid

MAX_PRINTED_CODE = 64
MAX_LISTED_PROBLEMS = 50


class CardsAdminError(Exception):
    """A cards command cannot be carried out; the message says why."""


@dataclass(frozen=True)
class CardLine:
    line: int
    card_uid: str
    printed_code: str | None


@dataclass
class ImportResult:
    lines: int
    imported: int
    known: int
    known_with_other_code: list[str] = field(default_factory=list)
    new_uids: set[str] = field(default_factory=set)


def parse_cards_csv(text: str, source: str = "cards file") -> list[CardLine]:
    """Every card of the file, or CardsAdminError listing every bad line."""
    reader = csv.reader(io.StringIO(text))
    problems: list[str] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CardsAdminError(f"{source}: line 1: {exc}") from exc
    columns = [c.strip().lower() for c in header] if header else []
    if columns not in (["card_uid"], ["card_uid", "printed_code"]):
        raise CardsAdminError(f"{source}: line 1: the header must be card_uid or card_uid,printed_code"
                              f" (got {','.join(header) if header else 'an empty file'}); nothing imported")
    cards: list[CardLine] = []
    seen_uid: dict[str, int] = {}
    seen_code: dict[str, int] = {}
    try:
        for fields in reader:
            number = reader.line_num
            if not fields or (not fields[0].strip() and all(not f.strip() for f in fields)):
                continue  # blank lines carry nothing
            if len(fields) > len(columns):
                problems.append(f"line {number}: {len(fields)} fields, the header has {len(columns)}")
                continue
            raw_uid = fields[0].strip()
            uid = normalise_card_uid(raw_uid)
            code = fields[1].strip() if len(fields) > 1 and fields[1].strip() else None
            if uid is None:
                problems.append(f"line {number}: {raw_uid!r} is not a card UID (8 to 20 hex digits)")
            elif uid in seen_uid:
                problems.append(f"line {number}: card {uid} is already on line {seen_uid[uid]}")
            else:
                seen_uid[uid] = number
            if code is not None:
                if len(code) > MAX_PRINTED_CODE or not code.isprintable():
                    problems.append(f"line {number}: printed code {code[:80]!r} is not printable text of at "
                                    f"most {MAX_PRINTED_CODE} characters")
                elif code in seen_code:
                    problems.append(
                        f"line {number}: printed code {code!r} is already on line {seen_code[code]}")
                else:
                    seen_code[code] = number
            if uid is not None:
                cards.append(CardLine(number, uid, code))
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: {exc}")
    if problems:
        raise CardsAdminError(_problem_text(source, problems))
    return cards


def _problem_text(source: str, problems: list[str]) -> str:
    shown = problems[:MAX_LISTED_PROBLEMS]
    more = len(problems) - len(shown)
    tail = f"\n  … and {more} more" if more else ""
    return (f"{source}: {len(problems)} bad line(s), nothing imported:\n  " + "\n  ".join(shown) + tail)


def import_cards(conn: psycopg.Connection, cards: list[CardLine], source: str = "cards file",
                 want_new_uids: bool = False) -> ImportResult:
    """Insert the cards the database lacks (active, balance 0) in the caller's transaction.
    A printed code that already belongs to another card makes the whole import fail."""
    conn.execute("CREATE TEMP TABLE card_import (line integer, card_uid text COLLATE \"C\","
                 " printed_code text) ON COMMIT DROP")
    with conn.cursor().copy("COPY card_import (line, card_uid, printed_code) FROM STDIN") as copy:
        for card in cards:
            copy.write_row((card.line, card.card_uid, card.printed_code))
    clashes = conn.execute(
        """
        SELECT i.line, i.printed_code, c.card_uid
          FROM card_import i JOIN cards c ON c.printed_code = i.printed_code
         WHERE c.card_uid <> i.card_uid
         ORDER BY i.line
        """).fetchall()
    if clashes:
        conn.rollback()
        raise CardsAdminError(_problem_text(source, [
            f"line {line}: printed code {code!r} already belongs to card {uid}"
            for line, code, uid in clashes]))
    other_code = [f"line {line}: card {uid} is known with printed code {old!r}, not {new!r} (left alone)"
                  for line, uid, old, new in conn.execute(
                      """
                      SELECT i.line, i.card_uid, c.printed_code, i.printed_code
                        FROM card_import i JOIN cards c USING (card_uid)
                       WHERE i.printed_code IS NOT NULL AND c.printed_code IS DISTINCT FROM i.printed_code
                       ORDER BY i.line
                      """)]
    insert = ("INSERT INTO cards (card_uid, printed_code) SELECT i.card_uid, i.printed_code"
              " FROM card_import i"
              " WHERE NOT EXISTS (SELECT FROM cards c WHERE c.card_uid = i.card_uid)"
              " ON CONFLICT (card_uid) DO NOTHING")
    if want_new_uids:
        new_uids = {uid for (uid,) in conn.execute(insert + " RETURNING card_uid")}
        imported = len(new_uids)
    else:
        new_uids, imported = set(), conn.execute(insert).rowcount
    conn.execute("DROP TABLE card_import")
    return ImportResult(len(cards), imported, len(cards) - imported, other_code, new_uids)


def operator_name(conn: psycopg.Connection) -> str:
    """Who is doing it, for the audit: the database login and the system user."""
    (login,) = conn.execute("SELECT current_user").fetchone()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"festival-admin {login} ({user})"[:200]


def card_uid_argument(value: str) -> str:
    uid = normalise_card_uid(value)
    if uid is None:
        raise CardsAdminError(f"{value!r} is not a card UID (8 to 20 hex digits)")
    return uid


def set_status(conn: psycopg.Connection, card_uid: str, status: str, reason: str | None) -> dict:
    (answer,) = conn.execute("SELECT admin_set_card_status(%s, %s, %s, %s)",
                             (card_uid, status, reason, operator_name(conn))).fetchone()
    if not answer["success"]:
        raise CardsAdminError(answer["message"])
    return answer


def transfer(conn: psycopg.Connection, old_uid: str, new_uid: str, reason: str) -> dict:
    (answer,) = conn.execute("SELECT admin_transfer_card(%s, %s, %s, %s)",
                             (old_uid, new_uid, reason, operator_name(conn))).fetchone()
    if not answer["success"]:
        raise CardsAdminError(f"transfer refused, nothing changed: {answer['message']}")
    return answer


def show_card(conn: psycopg.Connection, card_uid: str) -> list[str]:
    row = conn.execute(
        "SELECT status, balance_cents, printed_code, overdraft_flagged_at, created_at FROM cards"
        " WHERE card_uid = %s", (card_uid,)).fetchone()
    if row is None:
        raise CardsAdminError(f"card {card_uid} is not registered")
    status, balance, code, overdraft, created = row
    lines = [f"card {card_uid}: {status}, balance {balance} cents, printed code {code or 'none'},"
             f" registered {created:%Y-%m-%d %H:%M}"]
    if overdraft:
        lines.append(f"  overdraft since {overdraft:%Y-%m-%d %H:%M}: settle it at a checkpoint")
    for old_uid, new_uid, amount, at in conn.execute(
            "SELECT old_card_uid, new_card_uid, amount_cents, created_at FROM card_transfers"
            " WHERE old_card_uid = %s OR new_card_uid = %s ORDER BY transfer_id", (card_uid, card_uid)):
        if old_uid == card_uid:
            lines.append(f"  transferred to {new_uid} at {at:%Y-%m-%d %H:%M}: {amount} cents")
        else:
            lines.append(f"  received {amount} cents from lost card {old_uid} at {at:%Y-%m-%d %H:%M}")
    lines.append("  last ledger entries:")
    entries = conn.execute(
        "SELECT received_at, kind, amount_cents, new_balance_cents, coalesce(device_id, '-'),"
        " coalesce(staff_id, '-') FROM ledger WHERE card_uid = %s ORDER BY entry_id DESC LIMIT 10",
        (card_uid,)).fetchall()
    for at, kind, amount, new_balance, device, staff in entries:
        lines.append(f"    {at:%Y-%m-%d %H:%M:%S} {kind:<8} {amount:>+8} → {new_balance:>7}"
                     f"  {device} {staff}")
    if not entries:
        lines.append("    none")
    changes = conn.execute(
        "SELECT changed_at, previous_status, new_status, coalesce(operator, device_id || ' ' || staff_id),"
        " coalesce(reason, '') FROM card_status_changes WHERE card_uid = %s ORDER BY change_id DESC LIMIT 10",
        (card_uid,)).fetchall()
    if changes:
        lines.append("  status changes:")
        for at, old, new, who, reason in changes:
            because = f": {reason}" if reason else ""
            lines.append(f"    {at:%Y-%m-%d %H:%M:%S} {old} → {new} by {who}{because}")
    return lines


# ---------------------------------------------------------------- command line


def register(sub: Any) -> None:
    """`festival-admin cards import|show|block|unblock|transfer`."""
    parser = sub.add_parser("cards", help="import, show, block, unblock or transfer cards")
    commands = parser.add_subparsers(dest="cards_command", required=True)
    p = commands.add_parser("import", help="import cards from a CSV file (card_uid[,printed_code])")
    p.add_argument("file", type=Path)
    p.set_defaults(func=_cmd_import)
    parsers = [p]
    p = commands.add_parser("show", help="a card's status, balance and recent history")
    p.add_argument("uid")
    p.set_defaults(func=_cmd_show)
    parsers.append(p)
    for name, status in (("block", "blocked"), ("unblock", "active")):
        p = commands.add_parser(name, help=f"{name} a card (audited)")
        p.add_argument("uid")
        p.add_argument("--reason", help="why (kept in the audit)")
        p.set_defaults(func=_cmd_status, status=status)
        parsers.append(p)
    p = commands.add_parser("transfer", help="lost card: block OLD, move its balance to NEW")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--reason", required=True, help="why (kept in the audit)")
    p.set_defaults(func=_cmd_transfer)
    parsers.append(p)
    for p in parsers:
        p.add_argument("--database-url", required=True, help="postgresql://user@host:port/dbname")


def _run(args: Any, work: Any) -> Any:
    from sql.admin import AdminError, check_reachable, check_url

    check_url(args.database_url)
    check_reachable(args.database_url)
    try:
        with psycopg.connect(args.database_url) as conn:
            return work(conn)
    except CardsAdminError as exc:
        raise AdminError(str(exc)) from exc


def _cmd_import(args: Any) -> None:
    import time

    from sql.admin import AdminError

    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AdminError(f"{args.file}: cannot be read: {exc}") from exc
    started = time.monotonic()
    try:
        cards = parse_cards_csv(text, str(args.file))
    except CardsAdminError as exc:
        raise AdminError(str(exc)) from exc
    result = _run(args, lambda conn: import_cards(conn, cards, str(args.file)))
    for line in result.known_with_other_code[:MAX_LISTED_PROBLEMS]:
        print(f"warning: {line}")
    print(f"{result.lines} card(s) read: {result.imported} imported,"
          f" {result.known} already known (left alone) in {time.monotonic() - started:.1f} s")


def _cmd_show(args: Any) -> None:
    def work(conn: psycopg.Connection) -> list[str]:
        return show_card(conn, card_uid_argument(args.uid))

    print("\n".join(_run(args, work)))


def _cmd_status(args: Any) -> None:
    answer = _run(args, lambda conn: set_status(conn, card_uid_argument(args.uid), args.status, args.reason))
    if answer["changed"]:
        print(f"card {answer['card_uid']}: {answer['previous_status']} → {answer['status']}")
    else:
        print(f"card {answer['card_uid']} is already {answer['status']}: nothing changed")


def _cmd_transfer(args: Any) -> None:
    answer = _run(args, lambda conn: transfer(conn, card_uid_argument(args.old), card_uid_argument(args.new),
                                              args.reason))
    if answer["replayed"]:
        print(f"card {answer['old_card_uid']} was already transferred to {answer['new_card_uid']}"
              f" ({answer['amount_cents']} cents): nothing changed")
    else:
        print(f"card {answer['old_card_uid']} blocked; {answer['amount_cents']} cents moved to"
              f" {answer['new_card_uid']} (now {answer['new_balance_cents']} cents)")
