"""`festival-admin event plan|apply|export` against the real test database (seeded from the
demo event file): round trip, apply twice, deactivation, prices and past orders, and the
validation of every kind of bad file."""

from __future__ import annotations

import tomllib
import uuid
from pathlib import Path

import psycopg
import pytest
import tomli_w

from sql.admin import main
from sql.event_file import apply_event, export_event, plan_event
from sql.event_schema import EventFileError, parse_event_text


def demo_data(db_url: str) -> dict:
    """The seeded demo event as a file's data (with the refund deadline the seed chose)."""
    with psycopg.connect(db_url) as conn:
        return tomllib.loads(export_event(conn))


def write(tmp_path: Path, data: dict, name: str = "event.toml") -> Path:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(data))
    return path


def snapshot(conn: psycopg.Connection) -> list:
    tables = ("event_settings", "points_of_sale", "checkpoints", "products", "staff", "devices")
    return [conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_of_the_demo_plans_to_no_change_and_applies_as_no_change(db_url, tmp_path, capsys):
    """Round trip: the exported file plans to "no changes", and so does applying it."""
    code, out, _ = run(capsys, "event", "export", "--out", str(tmp_path / "x.toml"), "--database-url", db_url)
    assert code == 0 and "wrote" in out
    exported = tomllib.loads((tmp_path / "x.toml").read_text())
    assert [p["id"] for p in exported["products"]] == [
        "beer", "soft", "water", "wine", "cocktail", "cup-deposit", "cup-return"]
    assert exported["event"]["refund_deadline"] is not None
    with psycopg.connect(db_url) as conn:
        before = snapshot(conn)
    for command in ("plan", "apply"):
        code, out, _ = run(capsys, "event", command, str(tmp_path / "x.toml"), "--database-url", db_url)
        assert (code, out.strip()) == (0, "no changes")
    with psycopg.connect(db_url) as conn:
        assert snapshot(conn) == before


def test_plan_lists_every_change_and_writes_nothing_then_apply_prints_the_same(db_url, tmp_path, capsys):
    """Added, changed (old → new) and deactivated rows; plan writes nothing; apply prints the
    same list; a second apply prints "no changes"."""
    with psycopg.connect(db_url) as conn:
        data = tomllib.loads(export_event(conn))
        before = snapshot(conn)
    data["event"]["max_balance_cents"] = 40_000
    data["points_of_sale"].append({"id": "bar-beach", "name": "Beach bar"})
    beer = next(p for p in data["products"] if p["id"] == "beer")
    beer["price_cents"] = 550
    data["products"].append({"id": "beer", "name": "Beer", "price_cents": 450, "category": "alcohol",
                             "points_of_sale": ["bar-beach"]})
    data["products"] = [p for p in data["products"] if p["id"] != "wine"]
    data["staff"].append({"id": "staff-bar-2", "name": "Bar Two", "role": "bar",
                          "card_uid": "04aa00000000ff"})
    data["devices"].append({"id": "kiosk-beach-1", "name": "Beach", "role": "bar",
                            "point_of_sale": "bar-beach"})
    path = write(tmp_path, data)

    code, planned, _ = run(capsys, "event", "plan", str(path), "--database-url", db_url)
    assert code == 0
    lines = planned.strip().splitlines()
    assert "~ change event: max_balance_cents 50000 → 40000" in lines
    assert '+ add point of sale bar-beach: name "Beach bar"' in lines
    assert "~ change product beer at bar-main: price_cents 500 → 550" in lines
    assert any(line.startswith("+ add product beer at bar-beach:") and "price_cents 450" in line
               for line in lines)
    assert "- deactivate product wine at bar-main" in lines
    assert any(line.startswith("+ add staff staff-bar-2:") and '"04AA00000000FF"' in line
               and "set-pin staff-bar-2" in line for line in lines)
    assert any(line.startswith("+ add device kiosk-beach-1:") and "devices enrol" in line for line in lines)
    with psycopg.connect(db_url) as conn:
        assert snapshot(conn) == before

    code, applied, _ = run(capsys, "event", "apply", str(path), "--database-url", db_url)
    assert code == 0
    assert applied.strip().splitlines()[: len(lines)] == lines
    code, again, _ = run(capsys, "event", "apply", str(path), "--database-url", db_url)
    assert (code, again.splitlines()[0]) == (0, "no changes")
    assert "staff-bar-2 has no PIN yet" in again
    with psycopg.connect(db_url) as conn:
        assert conn.execute("SELECT price_cents FROM products WHERE product_id = 'beer' ORDER BY price_cents"
                            ).fetchall() == [(450,), (550,)]
        assert conn.execute("SELECT pin_set FROM staff WHERE staff_id = 'staff-bar-2'").fetchone() == (False,)


def test_what_the_file_lacks_is_deactivated_never_deleted(db, db_url):
    """Products, staff, devices, points of sale and checkpoints left out are kept, inactive;
    a person taken out loses their open sessions; listing them again reactivates them."""
    data = demo_data(db_url)
    data["products"] = [p for p in data["products"] if p["id"] != "cocktail"]
    data["staff"] = [s for s in data["staff"] if s["id"] != "staff-bar-1"]
    data["devices"] = [d for d in data["devices"] if d["id"] != "kiosk-checkpoint-1"]
    data["checkpoints"] = []
    db.execute("INSERT INTO staff_sessions (staff_id, device_id, role, expires_at)"
               " VALUES ('staff-bar-1', 'kiosk-bar-1', 'bar', now() + interval '1 hour')")
    original = tomli_w.dumps(demo_data(db_url))
    with psycopg.connect(db_url) as conn:
        plan = apply_event(conn, parse_event_text(tomli_w.dumps(data)))
    assert sorted(c.describe() for c in plan.changes) == [
        "- deactivate checkpoint checkpoint-1",
        "- deactivate device kiosk-checkpoint-1",
        "- deactivate product cocktail at bar-main",
        "- deactivate staff staff-bar-1",
    ]
    assert db.execute("SELECT active FROM products WHERE product_id = 'cocktail'").fetchone() == (False,)
    assert db.execute("SELECT enabled FROM staff WHERE staff_id = 'staff-bar-1'").fetchone() == (False,)
    assert db.execute("SELECT enabled FROM devices WHERE device_id = 'kiosk-checkpoint-1'"
                      ).fetchone() == (False,)
    assert db.execute("SELECT active FROM checkpoints").fetchall() == [(False,)]
    assert db.execute("SELECT end_reason FROM staff_sessions").fetchall() == [("disabled",)]
    config = db.execute("SELECT sp_device_config('kiosk-bar-1')").fetchone()[0]
    assert "cocktail" not in {p["product_id"] for p in config["products"]}
    refused = db.execute("SELECT sp_device_config('kiosk-checkpoint-1')").fetchone()[0]
    assert refused["error_code"] == "UNAUTHORIZED"

    with psycopg.connect(db_url) as conn:
        plan = apply_event(conn, parse_event_text(original))
    assert sorted(c.describe() for c in plan.changes) == [
        "~ reactivate checkpoint checkpoint-1",
        "~ reactivate device kiosk-checkpoint-1",
        "~ reactivate product cocktail at bar-main",
        "~ reactivate staff staff-bar-1",
    ]


def test_a_price_change_never_alters_a_past_order(db, db_url):
    """An order keeps the price it was charged; the next order pays the new price."""
    def order() -> dict:
        return db.execute(
            "SELECT sp_process_bar_order(%s, '04DE0000000001',"
            " '[{\"product_id\": \"beer\", \"quantity\": 1}]',"
            " %s, 'bar-main', 'kiosk-bar-1', 'staff-bar-1')", (uuid.uuid4(), price)).fetchone()[0]

    price = 500
    first = order()
    assert first["success"], first
    data = demo_data(db_url)
    next(p for p in data["products"] if p["id"] == "beer")["price_cents"] = 650
    with psycopg.connect(db_url) as conn:
        apply_event(conn, parse_event_text(tomli_w.dumps(data)))
    price = 650
    second = order()
    assert second["success"], second
    rows = db.execute("SELECT total_cents, lines -> 0 ->> 'unit_price_cents' FROM orders"
                      " ORDER BY order_id").fetchall()
    assert rows == [(500, "500"), (650, "650")]


def test_a_revoked_device_in_the_file_stays_disabled(db, db_url):
    data = demo_data(db_url)
    db.execute("UPDATE devices SET enabled = false, revoked_at = now() WHERE device_id = 'kiosk-bar-1'")
    data["devices"][0]["name"] = "Renamed"
    with psycopg.connect(db_url) as conn:
        plan = apply_event(conn, parse_event_text(tomli_w.dumps(data)))
    assert [c.describe() for c in plan.changes] == [
        '~ change device kiosk-bar-1: name "Bar kiosk 1" → "Renamed" (revoked: stays disabled until '
        "`festival-admin devices enrol`)"]
    assert db.execute("SELECT enabled, name FROM devices WHERE device_id = 'kiosk-bar-1'").fetchone() == (
        False, "Renamed")


def test_a_staff_card_may_move_from_one_person_to_another_in_one_apply(db, db_url):
    data = demo_data(db_url)
    data["staff"][0]["card_uid"] = "04AA000000000A"
    with psycopg.connect(db_url) as conn:
        apply_event(conn, parse_event_text(tomli_w.dumps(data)))
    data["staff"][0].pop("card_uid")
    data["staff"][1]["card_uid"] = "04AA000000000A"
    with psycopg.connect(db_url) as conn:
        plan = plan_event(conn, parse_event_text(tomli_w.dumps(data)))
        apply_event(conn, parse_event_text(tomli_w.dumps(data)))
    assert len(plan.changes) == 2
    assert db.execute("SELECT staff_id FROM staff WHERE card_uid = '04AA000000000A'").fetchall() == [
        ("staff-cashier-1",)]


def test_reordering_products_is_one_change_and_round_trips(db_url):
    data = demo_data(db_url)
    data["products"] = list(reversed(data["products"]))
    with psycopg.connect(db_url) as conn:
        plan = apply_event(conn, parse_event_text(tomli_w.dumps(data)))
        assert [c.action for c in plan.changes] == ["reorder"]
        exported = parse_event_text(export_event(conn))
        assert exported.products[0].id == "cup-return"
        assert plan_event(conn, exported).lines() == ["no changes"]


BAD_FILES = [
    ("[event]\nname = 'x'\n", ["line 1: [event] currency: missing (required)"]),
    ("[evnt]\n", ['line 1: [evnt]: unknown section (did you mean "event"?)', "[event]: missing"]),
    ("nonsense = = 1", ["TOML: "]),
]


def base(extra: str = "", **event: object) -> str:
    settings = {"name": "F", "currency": "EUR", "max_balance_cents": 50000, "offline_card_limit_cents": 3000,
                "offline_device_limit_cents": 50000, **event}
    head = "[event]\n" + "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in settings.items())
    return head + '\n[[points_of_sale]]\nid = "bar-main"\nname = "Main"\n' + extra


@pytest.mark.parametrize(("text", "expected"), [
    *BAD_FILES,
    (base(currency="eur"), ["[event] currency: String should match pattern"]),
    (base(max_balance_cents="500"), ["[event] max_balance_cents: Input should be a valid integer"]),
    (base(offline_card_limit_cents=60000), ["offline_card_limit_cents: 60000 is above max_balance_cents"]),
    (base(offline_device_limit_cents=1000), ["offline_device_limit_cents: 1000 is below offline_card_limit"]),
    (base("", self_void_windw_s=10), ['self_void_windw_s: unknown key (did you mean "self_void_window_s"?)']),
    (base('[[points_of_sale]]\nid = "bar-main"\nname = "Twice"\n'),
     ['line 12: [[points_of_sale]] #2 (id "bar-main") id: duplicate id "bar-main" (first at #1)']),
    (base('[[products]]\nid = "beer"\nname = "Beer"\nprice_cents = -5\npoints_of_sale = ["bar-main"]\n'),
     ["line 14: [[products]] #1 (id \"beer\") price_cents: a sale cannot have a negative price (-5)"]),
    (base('[[products]]\nid = "r"\nname = "R"\nprice_cents = 100\nkind = "return"\n'
          'points_of_sale = ["bar-main"]\n'),
     ["price_cents: a return credits the card: its price must be negative (got 100)"]),
    (base('[[products]]\nid = "b"\nname = "B"\nprice_cents = 100\nkind = "sales"\n'
          'points_of_sale = ["bar-main"]\n'),
     ['kind: \'sales\' is not allowed: expected \'sale\', \'deposit\' or \'return\' (did you mean "sale"?)']),
    (base('[[products]]\nid = "b"\nname = "B"\nprise_cents = 100\npoints_of_sale = ["bar-mian"]\n'
          '[[devices]]\nid = "k"\nname = "K"\nrole = "bar"\ncolour = "red"\npoint_of_sale = "bar-man"\n'),
     ['prise_cents: unknown key (did you mean "price_cents"?)', "price_cents: missing (required)",
      'points_of_sale: unknown point of sale "bar-mian"', 'colour: unknown key',
      'point_of_sale: unknown point of sale "bar-man"']),
    (base('[[products]]\nid = "b"\nname = "B"\nprise_cents = 100\npoints_of_sale = ["bar-main"]\n'),
     ['prise_cents: unknown key (did you mean "price_cents"?)', "price_cents: missing (required)"]),
    (base('[[products]]\nid = "b"\nname = "B"\nprice_cents = 100\npoints_of_sale = ["bar-mian"]\n'),
     ['points_of_sale: unknown point of sale "bar-mian" (did you mean "bar-main"?)']),
    (base('[[products]]\nid = "b"\nname = "B"\nprice_cents = 100\npoints_of_sale = ["bar-main"]\n'
          '[[products]]\nid = "b"\nname = "B"\nprice_cents = 200\npoints_of_sale = ["bar-main"]\n'),
     ['#2 (id "b") points_of_sale: "b" is already priced at "bar-main" by [[products]] #1']),
    (base('[[products]]\nid = "b"\nname = "B"\nprice_cents = 60000\npoints_of_sale = ["bar-main"]\n'),
     ["price_cents: 60000 is beyond the maximum card balance (50000)"]),
    (base('[[devices]]\nid = "k"\nname = "K"\nrole = "bar"\npoint_of_sale = "bar-man"\n'),
     ['line 15: [[devices]] #1 (id "k") point_of_sale: unknown point of sale "bar-man"'
      ' (did you mean "bar-main"?)']),
    (base('[[devices]]\nid = "k"\nname = "K"\nrole = "checkpoint"\npoint_of_sale = "bar-main"\n'),
     ['point_of_sale: a checkpoint device is assigned with checkpoint = "...", not point_of_sale']),
    (base('[[devices]]\nid = "k"\nname = "K"\nrole = "till"\n'),
     ["role: 'till' is not allowed: expected 'bar' or 'checkpoint'"]),
    (base('[[staff]]\nid = "s"\nname = "S"\nrole = "bar"\ncard_uid = "xyz"\n'
          '[[staff]]\nid = "s"\nname = "T"\nrole = "bar"\npin = "1234"\n'),
     ["card_uid: 'xyz' is not a card UID", 'duplicate id "s"', "pin: unknown key"]),
    (base('[[staff]]\nid = "a"\nname = "A"\nrole = "bar"\ncard_uid = "04aa0000"\n'
          '[[staff]]\nid = "b"\nname = "B"\nrole = "bar"\ncard_uid = "04AA0000"\n'),
     ["card_uid: card 04AA0000 is already the card of [[staff]] #1"]),
    (base(starts_at="X", ends_at="Y").replace('"X"', "2026-07-02T10:00:00Z")
     .replace('"Y"', "2026-07-01T10:00:00Z"),
     ["ends_at: 2026-07-01T10:00:00+00:00 is not after starts_at"]),
    (base(refund_deadline="X").replace('"X"', "2026-09-30T23:59:00"),
     ["refund_deadline: needs its UTC offset"]),
])
def test_every_problem_of_a_bad_file_is_listed_with_its_place(text: str, expected: list[str]):
    with pytest.raises(EventFileError) as caught:
        parse_event_text(text, "f.toml")
    message = str(caught.value)
    for fragment in expected:
        assert fragment in message, message
    assert "nothing changed" in message


def test_a_bad_file_exits_non_zero_listing_all_problems_and_changes_nothing(db_url, tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(base('[[products]]\nid = "b"\nname = "B"\nprice_cents = -1\npoints_of_sale = ["x"]\n',
                         offline_device_limit_cents=1))
    with psycopg.connect(db_url) as conn:
        before = snapshot(conn)
    code, out, err = run(capsys, "event", "apply", str(path), "--database-url", db_url)
    assert code == 1 and out == ""
    assert "3 problem(s), nothing changed" in err
    with psycopg.connect(db_url) as conn:
        assert snapshot(conn) == before


def test_a_role_change_ends_the_sessions_opened_under_the_old_role(db, db_url):
    db.execute("INSERT INTO staff_sessions (staff_id, device_id, role, expires_at)"
               " VALUES ('staff-bar-1', 'kiosk-bar-1', 'bar', now() + interval '1 hour')")
    data = demo_data(db_url)
    data["staff"][0]["role"] = "supervisor"
    with psycopg.connect(db_url) as conn:
        plan = apply_event(conn, parse_event_text(tomli_w.dumps(data)))
    assert [c.describe() for c in plan.changes] == ['~ change staff staff-bar-1: role "bar" → "supervisor"']
    assert db.execute("SELECT end_reason FROM staff_sessions").fetchall() == [("revoked",)]
