"""Fixtures of the gateway tests: gateway tokens for the demo devices and the real
festival-server on loopback against the test's database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sql.demo_set import BAR_DEVICE_ID, CHECKPOINT_DEVICE_ID
from tests.server.gateway_process import GatewayProcess, enrol_gateway_token

BAR_DEVICE = BAR_DEVICE_ID
CHECKPOINT_DEVICE = CHECKPOINT_DEVICE_ID


@pytest.fixture
def bar_token(db_url: str) -> str:
    return enrol_gateway_token(db_url, BAR_DEVICE)


@pytest.fixture
def checkpoint_token(db_url: str) -> str:
    return enrol_gateway_token(db_url, CHECKPOINT_DEVICE)


@pytest.fixture
def gateway(gateway_url: str) -> Iterator[GatewayProcess]:
    server = GatewayProcess(gateway_url).start()
    yield server
    server.close()
