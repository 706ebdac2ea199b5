"""The names and numbers of the demo data set (DESIGN.md), in one place: the card uid formula
and balances, the demo devices, staff and PINs. Plain constants, no imports, so the kiosk
(demo mode, the simulated reader), sql.demo (which seeds them), the scripts and the tests all
read the same ones."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_CARD_COUNT = 100
FUNDED_CARDS = range(1, 81)  # active, 2000 cents
EMPTY_CARDS = range(81, 91)  # active, 0 cents
BLOCKED_CARDS = range(91, 101)  # blocked, 1000 cents


def demo_card_uid(number: int) -> str:
    """Card ``number`` of the demo set: 04DE0000000001 … 04DE0000000100 (14 hex digits)."""
    return f"04DE{number:010d}"


POINT_OF_SALE_ID = "bar-main"
CHECKPOINT_ID = "checkpoint-1"
BAR_DEVICE_ID = "kiosk-bar-1"
CHECKPOINT_DEVICE_ID = "kiosk-checkpoint-1"
BAR_STAFF_ID = "staff-bar-1"
CASHIER_STAFF_ID = "staff-cashier-1"
SUPERVISOR_STAFF_ID = "staff-super-1"


@dataclass(frozen=True)
class DemoStaff:
    staff_id: str
    name: str
    role: str
    pin: str


# the PINs of the demo staff (the event file never holds PINs; DESIGN, PIN policy: bar staff
# at least 4 digits, cashiers and supervisors at least 6)
STAFF = (
    DemoStaff(BAR_STAFF_ID, "Bar One", "bar", "1234"),
    DemoStaff(CASHIER_STAFF_ID, "Cashier One", "cashier", "234567"),
    DemoStaff(SUPERVISOR_STAFF_ID, "Supervisor One", "supervisor", "999999"),
)
STAFF_PINS = {member.staff_id: member.pin for member in STAFF}

# `festival-kiosk --demo --role R`: the device it runs as and who is logged in at start
DEMO_DEVICES = {
    "bar": (BAR_DEVICE_ID, BAR_STAFF_ID),
    "checkpoint": (CHECKPOINT_DEVICE_ID, CASHIER_STAFF_ID),
}
