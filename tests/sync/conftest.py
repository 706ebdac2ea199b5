"""Fixtures of the sync tests: backends of both transports on the real test database (the
REST one through a real festival-server on loopback), the bar kiosk's PostgreSQL backend
direct and through a TCP proxy for network faults, a local store path, and KioskSync
factories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sql.cluster import TempCluster
from sync.pg_backend import PostgresBackend
from sync.rest_backend import RestBackend
from sync.service import KioskSync
from tests.server.gateway_process import GatewayProcess, enrol_gateway_token
from tests.sync.helpers import BAR_DEVICE, CHECKPOINT_DEVICE, FAST_REPLAY
from tests.sync.tcp_proxy import TcpProxy


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "kiosk-store.sqlite3"


@pytest.fixture
def proxy(pg_cluster: TempCluster) -> Iterator[TcpProxy]:
    """A TCP proxy in front of the test PostgreSQL (see tests/sync/tcp_proxy.py)."""
    tcp_proxy = TcpProxy("127.0.0.1", pg_cluster.port).start()
    yield tcp_proxy
    tcp_proxy.stop()


@pytest.fixture
def proxied_kiosk_url(proxy: TcpProxy, kiosk_url: str) -> str:
    return proxy.url_for(kiosk_url)


@pytest.fixture
def pg(kiosk_url: str) -> Iterator[PostgresBackend]:
    """The bar kiosk's PostgreSQL backend, its own login, 3 s per request."""
    backend = PostgresBackend(kiosk_url, timeout_s=3.0)
    yield backend
    backend.close()


@pytest.fixture
def proxied(proxied_kiosk_url: str) -> Iterator[PostgresBackend]:
    """The bar kiosk's PostgreSQL backend through the TCP proxy (2 s per request and connect)."""
    backend = PostgresBackend(proxied_kiosk_url, timeout_s=2.0, connect_timeout_s=2.0)
    yield backend
    backend.close()


@pytest.fixture
def gateway(gateway_url: str) -> Iterator[GatewayProcess]:
    """The real festival-server on 127.0.0.1, logged in as the test's gateway login."""
    server = GatewayProcess(gateway_url).start()
    yield server
    server.close()


@pytest.fixture
def gateway_tokens(db_url: str) -> dict[str, str]:
    """Gateway tokens of both demo devices, made by the real enrol code."""
    return {device: enrol_gateway_token(db_url, device) for device in (BAR_DEVICE, CHECKPOINT_DEVICE)}


@pytest.fixture
def rest_backend(gateway: GatewayProcess, gateway_tokens: dict[str, str]) -> Iterator[RestBackend]:
    """The bar kiosk's REST backend through the real gateway."""
    rest = RestBackend(gateway.base_url, gateway_tokens[BAR_DEVICE], timeout_s=5.0)
    yield rest
    rest.close()


@pytest.fixture(params=["postgres", "rest"])
def transport(request: pytest.FixtureRequest) -> str:
    return request.param


def _device_backend(request: pytest.FixtureRequest, transport: str, device_id: str, url_fixture: str):
    if transport == "postgres":
        return PostgresBackend(request.getfixturevalue(url_fixture), timeout_s=5.0)
    gateway = request.getfixturevalue("gateway")
    token = request.getfixturevalue("gateway_tokens")[device_id]
    return RestBackend(gateway.base_url, token, timeout_s=5.0)


@pytest.fixture
def backend(request: pytest.FixtureRequest, transport: str) -> Iterator[PostgresBackend | RestBackend]:
    """The bar kiosk's backend; each contract test runs once per transport, against the same
    real database: its own PostgreSQL login, or its gateway token through festival-server."""
    made = _device_backend(request, transport, BAR_DEVICE, "kiosk_url")
    yield made
    made.close()


@pytest.fixture
def checkpoint_backend(
    request: pytest.FixtureRequest, transport: str
) -> Iterator[PostgresBackend | RestBackend]:
    """The checkpoint kiosk's backend, on the same transport as `backend`."""
    made = _device_backend(request, transport, CHECKPOINT_DEVICE, "checkpoint_url")
    yield made
    made.close()


@pytest.fixture
def make_sync(store_path: Path) -> Iterator[Callable[..., KioskSync]]:
    """Build KioskSync objects (fast replay backoff); all are stopped after the test."""
    made: list[KioskSync] = []

    def factory(backend, device_id: str = BAR_DEVICE, *, path: Path | None = None, start: bool = True,
                **options: object) -> KioskSync:
        options.setdefault("replay_policy", FAST_REPLAY)
        options.setdefault("replay_idle_poll_s", 0.2)
        options.setdefault("request_timeout_s", 2.0)
        options.setdefault("upkeep_interval_s", 3600.0)  # tests call refresh_* themselves
        sync = KioskSync(backend, path or store_path, device_id, **options)
        made.append(sync)
        if start:
            sync.start()
        return sync

    yield factory
    for sync in made:
        sync.stop()
