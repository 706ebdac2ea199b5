"""`festival-admin event plan|apply|export`: compare a validated event file with the database,
apply the difference in one transaction, and write the database's event back as a file.

The file is the whole truth about the event's set-up: what the database has and the file
lacks is deactivated (`active` / `enabled` = false), never deleted, so past orders keep their
products, staff and devices. Prices live in the products table; an order keeps the lines as
charged, so a price change never alters a past order. PINs and device credentials never
come from the file (`staff set-pin`, `devices enrol`). A device whose credential was revoked
stays disabled until it is enrolled again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bcrypt
import psycopg
import tomli_w

from sql.event_schema import EventSpec

EVENT_FIELDS = ("name", "currency", "max_balance_cents", "offline_card_limit_cents",
                "offline_device_limit_cents", "offline_cache_max_age_s", "self_void_window_s",
                "cash_difference_tolerance_cents", "refund_deadline", "starts_at", "ends_at")

# entity → (table, key columns, compared columns, the column that says it is in use)
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str]] = {
    "point of sale": ("points_of_sale", ("point_of_sale_id",), ("name",), "active"),
    "checkpoint": ("checkpoints", ("checkpoint_id",), ("name",), "active"),
    "product": ("products", ("point_of_sale_id", "product_id"), ("name", "price_cents", "category", "kind"),
                "active"),
    "staff": ("staff", ("staff_id",), ("name", "role", "card_uid"), "enabled"),
    "device": ("devices", ("device_id",), ("name", "role", "point_of_sale_id", "checkpoint_id"), "enabled"),
}
# applied in this order (a product needs its point of sale, a device its place)
ORDER = ("point of sale", "checkpoint", "product", "staff", "device")


@dataclass(frozen=True)
class Change:
    """One line of a plan: `action` is add, change, reactivate, deactivate or reorder."""

    action: str
    entity: str
    key: tuple[str, ...]
    fields: tuple[tuple[str, Any, Any], ...] = ()  # (column, old, new); old is None on add
    note: str = ""

    def describe(self) -> str:
        who = f"{self.entity} {self._key_text()}".rstrip()
        if self.action == "add":
            values = ", ".join(f"{name} {_show(new)}" for name, _, new in self.fields if new is not None)
            text = f"+ add {who}: {values}"
        elif self.action == "deactivate":
            text = f"- deactivate {who}"
        elif self.action == "reorder":
            (_, old, new), = self.fields
            text = f"~ reorder {who}: {', '.join(old)} → {', '.join(new)}"
        else:
            verb = "reactivate" if self.action == "reactivate" else "change"
            diffs = ", ".join(f"{name} {_show(old)} → {_show(new)}" for name, old, new in self.fields)
            text = f"~ {verb} {who}" + (f": {diffs}" if diffs else "")
        return text + (f" ({self.note})" if self.note else "")

    def _key_text(self) -> str:
        if self.entity == "product":
            return f"{self.key[1]} at {self.key[0]}"
        return " ".join(self.key)


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.changes:
            return ["no changes", *self.notes]
        return [c.describe() for c in self.changes] + self.notes

    def added(self, entity: str) -> int:
        return sum(1 for c in self.changes if c.entity == entity and c.action == "add")


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


# ---------------------------------------------------------------- desired state (the file)


def desired_rows(spec: EventSpec) -> dict[str, dict[tuple[str, ...], dict[str, Any]]]:
    """The file as rows per entity, keyed like the tables, with their in-use column true."""
    rows: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {e: {} for e in ORDER}
    for pos in spec.points_of_sale:
        rows["point of sale"][(pos.id,)] = {"name": pos.name}
    for checkpoint in spec.checkpoints:
        rows["checkpoint"][(checkpoint.id,)] = {"name": checkpoint.name}
    for position, product in enumerate(spec.products, start=1):
        for pos in product.points_of_sale:
            rows["product"][(pos, product.id)] = {
                "name": product.name, "price_cents": product.price_cents, "category": product.category,
                "kind": product.kind, "sort_order": position}
    for staff in spec.staff:
        rows["staff"][(staff.id,)] = {"name": staff.name, "role": staff.role, "card_uid": staff.card_uid}
    for device in spec.devices:
        rows["device"][(device.id,)] = {
            "name": device.name, "role": device.role, "point_of_sale_id": device.point_of_sale,
            "checkpoint_id": device.checkpoint}
    return rows


# ---------------------------------------------------------------- current state (the database)


@dataclass
class DatabaseState:
    event: dict[str, Any] | None
    rows: dict[str, dict[tuple[str, ...], dict[str, Any]]]
    revoked: set[str]
    without_pin: set[str]


def read_state(conn: psycopg.Connection) -> DatabaseState:
    columns = ", ".join(EVENT_FIELDS)
    cursor = conn.execute(f"SELECT {columns} FROM event_settings")
    row = cursor.fetchone()
    event = dict(zip(EVENT_FIELDS, row, strict=True)) if row else None
    rows: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {}
    for entity, (table, keys, compared, in_use) in TABLES.items():
        extra = ", sort_order" if entity == "product" else ""
        cursor = conn.execute(
            f"SELECT {', '.join(keys)}, {', '.join(compared)}, {in_use}{extra} FROM {table}"
            f" ORDER BY {', '.join(keys)}")
        names = [c.name for c in cursor.description]
        rows[entity] = {}
        for values in cursor:
            record = dict(zip(names, values, strict=True))
            key = tuple(record.pop(k) for k in keys)
            record["in_use"] = record.pop(in_use)
            rows[entity][key] = record
    revoked = {r[0] for r in conn.execute("SELECT device_id FROM devices WHERE revoked_at IS NOT NULL")}
    without_pin = {r[0] for r in conn.execute("SELECT staff_id FROM staff WHERE NOT pin_set")}
    return DatabaseState(event, rows, revoked, without_pin)


# ---------------------------------------------------------------- the plan


def make_plan(spec: EventSpec, state: DatabaseState) -> Plan:
    plan = Plan()
    wanted_event = spec.event.model_dump()
    if state.event is None:
        plan.changes.append(Change("add", "event", (wanted_event["name"],),
                                   tuple((f, None, wanted_event[f]) for f in EVENT_FIELDS)))
    else:
        diffs = tuple((f, state.event[f], wanted_event[f]) for f in EVENT_FIELDS
                      if state.event[f] != wanted_event[f])
        if diffs:
            plan.changes.append(Change("change", "event", (), diffs))

    wanted = desired_rows(spec)
    claimed_cards = {r["card_uid"] for r in wanted["staff"].values() if r["card_uid"]}
    for entity in ORDER:
        _, _, compared, _ = TABLES[entity]
        current = state.rows[entity]
        for key, row in wanted[entity].items():
            old = current.get(key)
            if old is None:
                plan.changes.append(Change("add", entity, key, tuple((c, None, row[c]) for c in compared),
                                           _add_note(entity, key)))
                continue
            diffs = tuple((c, old[c], row[c]) for c in compared if old[c] != row[c])
            note = ""
            if entity == "device" and key[0] in state.revoked:
                note = "revoked: stays disabled until `festival-admin devices enrol`"
                action = "change"
            elif not old["in_use"]:
                action = "reactivate"
            else:
                action = "change"
            if diffs or action == "reactivate":
                plan.changes.append(Change(action, entity, key, diffs, note))
        for key, old in current.items():
            if key in wanted[entity]:
                continue
            if old["in_use"]:
                plan.changes.append(Change("deactivate", entity, key))
            if entity == "staff" and old["card_uid"] in claimed_cards:
                plan.changes.append(Change("change", entity, key, (("card_uid", old["card_uid"], None),),
                                           "card given to someone in the file"))
        if entity == "product":
            plan.changes.extend(_reorders(wanted["product"], current))
    plan.notes.extend(f"note: staff {staff_id} has no PIN yet (festival-admin staff set-pin {staff_id})"
                      for staff_id in sorted(state.without_pin) if (staff_id,) in wanted["staff"])
    return plan


def _add_note(entity: str, key: tuple[str, ...]) -> str:
    if entity == "staff":
        return f"no PIN yet: festival-admin staff set-pin {key[0]}"
    if entity == "device":
        return f"no credential yet: festival-admin devices enrol {key[0]}"
    return ""


def _reorders(wanted: dict, current: dict) -> list[Change]:
    """A change in the order of products both the file and the database have, per point of sale."""
    changes = []
    for pos in sorted({k[0] for k in wanted}):
        common = [k for k in wanted if k[0] == pos and k in current and current[k]["in_use"]]
        new_order = [k[1] for k in sorted(common, key=lambda k: wanted[k]["sort_order"])]
        old_order = [k[1] for k in sorted(common, key=lambda k: (current[k]["sort_order"], k[1]))]
        if new_order != old_order:
            changes.append(Change("reorder", "products", (pos,), (("order", old_order, new_order),)))
    return changes


def plan_event(conn: psycopg.Connection, spec: EventSpec) -> Plan:
    """What `apply` would change; reads only."""
    return make_plan(spec, read_state(conn))


# ---------------------------------------------------------------- apply


def apply_event(conn: psycopg.Connection, spec: EventSpec) -> Plan:
    """Apply the file in the caller's transaction (commit is the caller's); returns the plan
    it carried out. Concurrent applies are serialised on the event row."""
    conn.execute("LOCK TABLE event_settings, points_of_sale, checkpoints, products, staff, devices"
                 " IN SHARE ROW EXCLUSIVE MODE")
    state = read_state(conn)
    plan = make_plan(spec, state)
    wanted = desired_rows(spec)
    event = spec.event.model_dump()
    for change in plan.changes:
        if change.entity == "event":
            columns = ", ".join(EVENT_FIELDS)
            values = [event[f] for f in EVENT_FIELDS]
            if change.action == "add":
                placeholders = ", ".join(["%s"] * len(EVENT_FIELDS))
                conn.execute(f"INSERT INTO event_settings ({columns}) VALUES ({placeholders})", values)
            else:
                assignments = ", ".join(f"{f} = %s" for f in EVENT_FIELDS)
                conn.execute(f"UPDATE event_settings SET {assignments}, updated_at = now()", values)
    # staff cards first released, so that a card may move from one person to another
    for change in plan.changes:
        if change.entity == "staff" and any(name == "card_uid" for name, _, _ in change.fields):
            conn.execute("UPDATE staff SET card_uid = NULL WHERE staff_id = %s", change.key)
    unusable_hash = None
    for entity in ORDER:
        table, keys, compared, in_use = TABLES[entity]
        for change in plan.changes:
            if change.entity != entity:
                continue
            where = " AND ".join(f"{k} = %s" for k in keys)
            if change.action == "deactivate":
                conn.execute(f"UPDATE {table} SET {in_use} = false WHERE {where}", change.key)
                _after_deactivation(conn, entity, change.key)
                continue
            row = wanted[entity].get(change.key)
            if row is None:  # a card released from someone no longer in the file
                conn.execute(f"UPDATE {table} SET card_uid = NULL WHERE {where}", change.key)
                continue
            columns = list(compared) + (["sort_order"] if entity == "product" else [])
            values = [row[c] for c in columns]
            enabled = not (entity == "device" and change.key[0] in state.revoked)
            if change.action == "add":
                extra_columns, extra_values = [], []
                if entity == "staff":
                    unusable_hash = unusable_hash or _unusable_pin_hash()
                    extra_columns, extra_values = ["pin_hash", "pin_set"], [unusable_hash, False]
                names = [*keys, *columns, *extra_columns]
                placeholders = ", ".join(["%s"] * len(names))
                conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})",
                             [*change.key, *values, *extra_values])
            else:
                assignments = ", ".join(f"{c} = %s" for c in columns)
                conn.execute(f"UPDATE {table} SET {assignments}, {in_use} = %s WHERE {where}",
                             [*values, enabled, *change.key])
                _after_change(conn, change)
    # the file's order of products, renumbered quietly where only the numbers differ
    for (pos, product_id), row in wanted["product"].items():
        conn.execute("UPDATE products SET sort_order = %s WHERE point_of_sale_id = %s AND product_id = %s"
                     " AND sort_order <> %s", (row["sort_order"], pos, product_id, row["sort_order"]))
    return plan


def _after_change(conn: psycopg.Connection, change: Change) -> None:
    """A person whose role changed, or a device whose role or place changed, starts afresh:
    a session opened under the old terms ends."""
    changed = {name for name, _, _ in change.fields}
    column = None
    if change.entity == "staff" and "role" in changed:
        column = "staff_id"
    elif change.entity == "device" and changed & {"role", "point_of_sale_id", "checkpoint_id"}:
        column = "device_id"
    if column:
        conn.execute(f"UPDATE staff_sessions SET ended_at = now(), end_reason = 'revoked'"
                     f" WHERE {column} = %s AND ended_at IS NULL", change.key)


def _after_deactivation(conn: psycopg.Connection, entity: str, key: tuple[str, ...]) -> None:
    """A person or device taken out of the event has no open staff session any more."""
    column = {"staff": "staff_id", "device": "device_id"}.get(entity)
    if column:
        conn.execute(f"UPDATE staff_sessions SET ended_at = now(), end_reason = 'disabled'"
                     f" WHERE {column} = %s AND ended_at IS NULL", key)


def _unusable_pin_hash() -> str:
    """The bcrypt hash of a random secret nobody keeps: a person without a PIN cannot log in."""
    secret = secrets.token_bytes(32).hex().encode()
    return bcrypt.hashpw(secret, bcrypt.gensalt(rounds=10, prefix=b"2a")).decode()


# ---------------------------------------------------------------- export


def export_event(conn: psycopg.Connection) -> str:
    """The database's event as an event file (TOML) that plans to no change."""
    state = read_state(conn)
    if state.event is None:
        raise ValueError("the database has no event yet: apply an event file first")
    event = {k: v for k, v in state.event.items() if v is not None}
    for name in ("refund_deadline", "starts_at", "ends_at"):
        if name in event:
            event[name] = event[name].astimezone(UTC)
    document: dict[str, Any] = {"event": event}
    rows = state.rows
    document["points_of_sale"] = [{"id": k[0], "name": r["name"]}
                                  for k, r in rows["point of sale"].items() if r["in_use"]]
    document["checkpoints"] = [{"id": k[0], "name": r["name"]}
                               for k, r in rows["checkpoint"].items() if r["in_use"]]
    active_pos = {p["id"] for p in document["points_of_sale"]}
    entries: dict[tuple, dict[str, Any]] = {}
    ordered = sorted(((k, r) for k, r in rows["product"].items() if r["in_use"] and k[0] in active_pos),
                     key=lambda item: (item[1]["sort_order"], item[0][1], item[0][0]))
    for (pos, product_id), r in ordered:
        signature = (product_id, r["name"], r["price_cents"], r["category"], r["kind"], r["sort_order"])
        entry = entries.setdefault(signature, {
            "id": product_id, "name": r["name"], "price_cents": r["price_cents"],
            "category": r["category"], "kind": r["kind"], "points_of_sale": []})
        entry["points_of_sale"].append(pos)
    document["products"] = list(entries.values())
    document["staff"] = []
    for (staff_id,), r in rows["staff"].items():
        if r["in_use"]:
            person = {"id": staff_id, "name": r["name"], "role": r["role"]}
            if r["card_uid"]:
                person["card_uid"] = r["card_uid"]
            document["staff"].append(person)
    document["devices"] = []
    for (device_id,), r in rows["device"].items():
        if not r["in_use"]:
            continue
        device = {"id": device_id, "name": r["name"], "role": r["role"]}
        if r["point_of_sale_id"]:
            device["point_of_sale"] = r["point_of_sale_id"]
        if r["checkpoint_id"]:
            device["checkpoint"] = r["checkpoint_id"]
        document["devices"].append(device)
    document = {k: v for k, v in document.items() if v}
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    header = (f"# Event file exported by `festival-admin event export` at {stamp}.\n"
              "# PINs and device credentials are never in this file (staff set-pin, devices enrol).\n\n")
    return header + tomli_w.dumps(document)


def write_export(conn: psycopg.Connection, out: Path | None) -> str:
    text = export_event(conn)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    return text


# ---------------------------------------------------------------- command line


def register(sub: Any) -> None:
    """`festival-admin event plan|apply|export`."""
    parser = sub.add_parser("event", help="set the event up from a TOML file, or export it")
    commands = parser.add_subparsers(dest="event_command", required=True)
    for name, func, help_text in (
        ("plan", _cmd_plan, "print what apply would change; writes nothing"),
        ("apply", _cmd_apply, "apply the file in one transaction and print the changes"),
    ):
        p = commands.add_parser(name, help=help_text)
        p.add_argument("file", type=Path, help="the event file (TOML)")
        p.add_argument("--database-url", required=True, help="postgresql://user@host:port/dbname")
        p.set_defaults(func=func)
    p = commands.add_parser("export", help="write the event as a file that plans to no change")
    p.add_argument("--out", type=Path, help="the file to write (default: standard output)")
    p.add_argument("--database-url", required=True, help="postgresql://user@host:port/dbname")
    p.set_defaults(func=_cmd_export)


def _spec(path: Path) -> EventSpec:
    from sql.admin import AdminError
    from sql.event_schema import EventFileError, read_event_file

    try:
        return read_event_file(path)
    except EventFileError as exc:
        raise AdminError(str(exc)) from exc


def _connect(url: str) -> psycopg.Connection:
    from sql.admin import check_reachable, check_url

    check_url(url)
    check_reachable(url)
    return psycopg.connect(url)


def _cmd_plan(args: Any) -> None:
    spec = _spec(args.file)
    with _connect(args.database_url) as conn:
        plan = plan_event(conn, spec)
        conn.rollback()
    print("\n".join(plan.lines()))


def _cmd_apply(args: Any) -> None:
    spec = _spec(args.file)
    with _connect(args.database_url) as conn:
        plan = apply_event(conn, spec)
    print("\n".join(plan.lines()))
    if plan.changes:
        print(f"applied {len(plan.changes)} change(s)")


def _cmd_export(args: Any) -> None:
    from sql.admin import AdminError

    with _connect(args.database_url) as conn:
        try:
            text = write_export(conn, args.out)
        except (ValueError, OSError) as exc:
            raise AdminError(str(exc)) from exc
    if args.out is None:
        print(text, end="")
    else:
        print(f"wrote {args.out}")
