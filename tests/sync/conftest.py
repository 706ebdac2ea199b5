"""Fixtures of the sync tests: backends of both transports on the real test database, a TCP
proxy for network faults, a local store path, and KioskSync factories."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from sql.cluster import TempCluster
from sync.pg_backend import PostgresBackend
from sync.replay import RetryPolicy
from sync.rest_backend import RestBackend
from sync.service import KioskSync
from tests.sync.postgrest_emulator import PostgrestEmulator
from tests.sync.tcp_proxy import TcpProxy

API_KEY = "test-anon-key"
BAR_DEVICE = "kiosk-bar-1"
CHECKPOINT_DEVICE = "kiosk-checkpoint-1"
BAR_STAFF = "staff-bar-1"
CASHIER = "staff-cashier-1"
SUPERVISOR = "staff-super-1"
PRICES = {"beer": 500, "soft": 300, "water": 200, "wine": 600, "cocktail": 900,
          "cup-deposit": 100, "cup-return": -100}  # fmt: skip
FAST_REPLAY = RetryPolicy(base_s=0.05, cap_s=0.3, max_attempts=None)


def card(number: int) -> str:
    """UID of demo card 1..100 (001-080 active with 2000 cents, 081-090 active with 0,
    091-100 blocked with 1000)."""
    return f"04DE{number:010d}"


def order(*lines: tuple[str, int]) -> tuple[list[dict], int]:
    """Items and their total at the demo prices."""
    items = [{"product_id": p, "quantity": q} for p, q in lines]
    return items, sum(PRICES[p] * q for p, q in lines)


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0, what: str = "condition") -> None:
    """Poll `condition` until true; fail the test after `timeout_s` (a hang, not a speed check)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.02)


def ready(sync) -> None:
    """Configuration and card cache loaded and the upkeep thread's first round over, so that
    it cannot overwrite what a test changes in the cache afterwards."""
    wait_until(lambda: sync.upkeep.rounds >= 1, what="the first upkeep round")
    sync.refresh_config()
    sync.refresh_cards()
    assert sync.cards.count() >= 100


@pytest.fixture(scope="session")
def template_db(template_db: str) -> str:
    """The shared template, with the migration runner's stray connection collected (an open
    connection to the template makes CREATE DATABASE ... TEMPLATE fail)."""
    gc.collect()
    return template_db


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
