"""Fixtures of the backend contract tests."""

from __future__ import annotations

import psycopg
import pytest

from tests.sql.contract import open_shift


@pytest.fixture
def cashier_shift(db: psycopg.Connection) -> dict:
    """The demo cashier's open cash shift on the checkpoint (an online cash recharge needs
    one, DESIGN "Cash shifts"), opened through sp_open_cash_shift; its answer."""
    return open_shift(db)
