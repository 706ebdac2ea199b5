"""Fixtures of the sync tests: backends of both transports on the real test database, a TCP
proxy for network faults, a local store path, and KioskSync factories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from sql.cluster import TempCluster
from sync.pg_backend import PostgresBackend
from sync.rest_backend import RestBackend
from sync.service import KioskSync
from tests.sync.helpers import API_KEY, BAR_DEVICE, FAST_REPLAY
from tests.sync.postgrest_emulator import PostgrestEmulator
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


def make_rest_backend(database_url: str, **options: object) -> tuple[RestBackend, PostgrestEmulator]:
    emulator = PostgrestEmulator(database_url, API_KEY)
    backend = RestBackend(
        "https://festival.example", API_KEY, transport=httpx.MockTransport(emulator), **options
    )
    return backend, emulator


@pytest.fixture(params=["postgres", "rest"])
def backend(request: pytest.FixtureRequest, kiosk_url: str) -> Iterator[PostgresBackend | RestBackend]:
    """Each contract test runs once per transport, against the same real database."""
    if request.param == "postgres":
        pg = PostgresBackend(kiosk_url, timeout_s=5.0)
        yield pg
        pg.close()
    else:
        rest, emulator = make_rest_backend(kiosk_url, timeout_s=5.0)
        yield rest
        rest.close()
        emulator.close()


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
