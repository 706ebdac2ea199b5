"""A static check, run by mypy in `./dev test`: the real sync facade and the tests' fakes all
satisfy sync.port.KioskPort (a missing or mistyped member fails the type check, not a screen
at run time). Nothing here runs in the test suite."""

from __future__ import annotations

from pathlib import Path

from sync.port import KioskPort
from sync.service import KioskSync
from tests.ui.fakes import FakeCashSync, FakeSync


def as_port(sync: KioskPort) -> KioskPort:
    """The identity, typed: mypy refuses a call whose argument is not a KioskPort."""
    return sync


def fakes_as_ports(store_dir: Path) -> list[KioskPort]:
    return [as_port(FakeSync()), as_port(FakeCashSync(store_dir))]


def real_as_port(sync: KioskSync) -> KioskPort:
    return as_port(sync)
