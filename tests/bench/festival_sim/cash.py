"""Cash drawers of the simulation's checkpoint kiosks (DESIGN "Cash shifts"): each checkpoint's
cashier opens a shift before the load starts and closes it after the drain with an honest
count, made from what the kiosk's own outbox says the drawer took; then the invariant "every
cash recharge belongs to a closed, counted shift and each shift's difference is 0".

The shift calls are made as the database owner naming the device (the simulated kiosks drive
the real sync stack for sales; the kiosk's shift screens are not part of the simulation).
"""

from __future__ import annotations

import uuid
from collections import defaultdict

import psycopg
from psycopg.types.json import Jsonb

from sync.outbox import DONE, RECHARGE, VOID, VOIDED
from tests.bench.festival_sim.invariants import REFUSED, Invariant, KioskRecords

OPENING_FLOAT_CENTS = 20_000


def open_shifts(url: str, checkpoints: list[tuple[str, str]]) -> dict[str, str]:
    """Opens one shift per (device, cashier) with the opening float; {device: shift id}."""
    shifts = {}
    with psycopg.connect(url, autocommit=True) as conn:
        for device, cashier in checkpoints:
            (answer,) = conn.execute(
                "SELECT sp_open_cash_shift(%s, %s, %s, %s)",
                (uuid.uuid4(), device, cashier, OPENING_FLOAT_CENTS),
            ).fetchone()
            assert answer["success"], answer
            shifts[device] = answer["shift_id"]
    return shifts


def drawer_cents(kiosk: KioskRecords) -> int:
    """What the kiosk's drawer holds by its own outbox: the float and every cash recharge it
    knows was credited (done), or that it voided but whose void the backend refused (the card
    had spent it: the cash stays in the drawer)."""
    voids = defaultdict(list)
    for e in kiosk.outbox:
        if e.kind == VOID and e.target_request_id is not None:
            voids[str(e.target_request_id)].append(e)
    total = OPENING_FLOAT_CENTS
    for e in kiosk.outbox:
        if e.kind != RECHARGE or e.payload.get("p_payment_method") != "cash":
            continue
        refused_void = bool(voids.get(str(e.request_id))) and all(
            v.state in REFUSED for v in voids[str(e.request_id)]
        )
        if e.state == DONE or (e.state == VOIDED and refused_void):
            total += int(e.payload["p_amount_cents"])
    return total


def count_drawer(cents: int, denominations: list[int]) -> dict[str, int]:
    """An honest count: the fewest notes and coins, largest first."""
    counted = {}
    for d in sorted(denominations, reverse=True):
        if cents >= d:
            counted[str(d)], cents = divmod(cents, d)
    assert cents == 0, cents
    return counted


def close_shifts(
    url: str, checkpoints: list[tuple[str, str]], kiosks: dict[str, KioskRecords]
) -> dict[str, dict]:
    """Closes each checkpoint's shift with the honest count of its drawer; {device: answer}."""
    answers = {}
    with psycopg.connect(url, autocommit=True) as conn:
        (denominations,) = conn.execute("SELECT cash_denominations(currency) FROM event_settings").fetchone()
        for device, cashier in checkpoints:
            cents = drawer_cents(kiosks[device])
            (answers[device],) = conn.execute(
                "SELECT sp_close_cash_shift(%s, %s, %s, %s, %s)",
                (uuid.uuid4(), device, cashier, cents, Jsonb(count_drawer(cents, denominations))),
            ).fetchone()
    return answers


def check_cash_shifts(url: str, shifts: dict[str, str], closes: dict[str, dict]) -> Invariant:
    """Every cash recharge belongs to a closed, counted shift, and each honest shift's
    difference is 0 (its live figures too: no replay arrived after the close)."""
    inv = Invariant("every cash recharge belongs to a closed, counted shift; honest shifts differ by 0")
    inv.checked += 1  # the shifts table itself (a run without checkpoints has no shift to check)
    with psycopg.connect(url) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for request, device, shift, closed in conn.execute(
            "SELECT r.client_request_id, r.device_id, r.shift_id, s.closed_at IS NOT NULL"
            " FROM recharges r LEFT JOIN cash_shifts s ON s.shift_id = r.shift_id"
            " WHERE r.payment_method = 'cash'"
        ):
            inv.checked += 1
            if shift is None:
                inv.fail(f"{device}: cash recharge {request} belongs to no shift")
            elif not closed:
                inv.fail(f"{device}: cash recharge {request} is in shift {shift}, still open")
            elif str(shift) != shifts.get(device):
                inv.fail(f"{device}: cash recharge {request} is in shift {shift}, not its kiosk's")
        live = {
            str(r[0]): r[1:]
            for r in conn.execute(
                "SELECT s.shift_id, f.expected_cash_cents, s.counted_cash_cents, f.cash_recharges"
                " FROM cash_shifts s CROSS JOIN LATERAL cash_shift_figures(s.shift_id) f"
            )
        }
    cash_recharges = 0
    for device, shift in sorted(shifts.items()):
        inv.checked += 1
        answer = closes.get(device) or {}
        if not answer.get("success"):
            inv.fail(f"{device}: shift {shift} did not close: {answer}")
            continue
        if answer["difference_cents"] != 0:
            inv.fail(f"{device}: shift {shift} counted {answer['counted_cash_cents']}, expected"
                     f" {answer['expected_cash_cents']}: {answer['difference_cents']:+} cents")
        expected, counted, recharges = live[shift]
        cash_recharges += recharges
        if counted - expected != 0:
            inv.fail(f"{device}: shift {shift} is {counted - expected:+} cents off after the close")
    inv.counts["shifts"] = len(shifts)
    inv.counts["cash recharges in shifts"] = cash_recharges
    inv.counts["cash in drawers (cents)"] = sum(
        (a.get("counted_cash_cents") or 0) for a in closes.values()
    )
    return inv
