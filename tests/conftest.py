"""Shared fixtures: one throwaway PostgreSQL per test session, a migrated and seeded
template database, and a fresh database cloned from it for each test that asks.

The cluster asks every login but the superuser for its password, as a real server does.
The demo devices are enrolled in the template with their own login roles (`kiosk_url` is
the bar kiosk's, `checkpoint_url` the checkpoint's); `shared_kiosk_url` is a plain member of
`kiosk` bound to no device, which the backend must refuse."""

from __future__ import annotations

import gc
import itertools
import os
import time
from collections.abc import Iterator

import psycopg
import pytest

from sql.cluster import TempCluster
from sql.demo_set import BAR_DEVICE_ID, CHECKPOINT_DEVICE_ID
from sql.devices import enrol_postgres, login_role_for

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEMPLATE_DB = "kiosk_template"
SHARED_KIOSK_LOGIN = "kiosk_app"
PAYMENTS_LOGIN = "payments_app"
GATEWAY_LOGIN = "gateway_app"
# the test cluster's passwords; the device logins' are set by the real enrol code
TEST_PASSWORD = "test-password"
BAR_DEVICE = BAR_DEVICE_ID
CHECKPOINT_DEVICE = CHECKPOINT_DEVICE_ID
DEVICE_PASSWORDS = {BAR_DEVICE: "bar-device-password", CHECKPOINT_DEVICE: "checkpoint-device-password"}
_db_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread() -> Iterator[None]:
    """After each test, free its unreachable objects here, on the main thread. Left to the
    cyclic collector, a test's Qt objects can be finalised later on whatever thread happens to
    allocate (a reader's wake-up thread, a sync worker), and Qt crashes destroying them there:
    seen once as a segfault in tests/nfc/test_nfcpy_udp_integration.py in a full run."""
    yield
    started = time.perf_counter()
    gc.collect()
    _collections[0] += 1
    if _collections[0] % FULL_COLLECTION_EVERY == 0:
        gc.unfreeze()  # what earlier tests left frozen and has become garbage since
        gc.collect()
    gc.freeze()
    _gc_seconds[0] += time.perf_counter() - started


# Each collection above freezes what survived it, so the next scans only what the next test
# made; every so many tests the frozen heap is collected too, so nothing is kept for long.
FULL_COLLECTION_EVERY = 100
_gc_seconds = [0.0]
_collections = [0]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move everything alive after collection (modules, classes, functions: most of the heap)
    out of the collector's sight before the first test."""
    gc.collect()
    gc.freeze()


def pytest_terminal_summary(terminalreporter) -> None:
    terminalreporter.write_line(f"garbage collection after tests: {_gc_seconds[0]:.1f} s")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[TempCluster]:
    """A private PostgreSQL server for the whole session, removed at the end even on failure."""
    cluster = TempCluster(password_auth=True)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def template_db(pg_cluster: TempCluster) -> str:
    """Migrated and seeded template database; returns its name."""
    from sql.demo import seed_demo
    from sql.migrate import apply_migrations

    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE_DB}")
    url = pg_cluster.url(TEMPLATE_DB)
    apply_migrations(url)
    seed_demo(url)
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        for login, groups in (
            (SHARED_KIOSK_LOGIN, "kiosk"),
            (PAYMENTS_LOGIN, "payments"),
            (GATEWAY_LOGIN, "gateway, payments"),
        ):
            conn.execute(f"CREATE ROLE {login} LOGIN PASSWORD '{TEST_PASSWORD}' IN ROLE {groups}")
    with psycopg.connect(url) as conn:
        for device_id, password in DEVICE_PASSWORDS.items():
            enrol_postgres(conn, device_id, password)
    return TEMPLATE_DB


def device_login(device_id: str) -> str:
    """The login role the template's enrolment gave a demo device."""
    return login_role_for(device_id)


def device_url(cluster: TempCluster, db_name: str, device_id: str) -> str:
    """URL of a test database as a demo device's own login."""
    return cluster.url(db_name, user=login_role_for(device_id), password=DEVICE_PASSWORDS[device_id])


def create_test_database(cluster: TempCluster, template: str) -> str:
    name = f"test_{os.getpid()}_{next(_db_numbers)}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return name


def drop_test_database(cluster: TempCluster, name: str) -> None:
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def db_name(pg_cluster: TempCluster, template_db: str) -> Iterator[str]:
    """A fresh database with the schema and demo data, dropped after the test."""
    name = create_test_database(pg_cluster, template_db)
    yield name
    drop_test_database(pg_cluster, name)


@pytest.fixture
def db_url(pg_cluster: TempCluster, db_name: str) -> str:
    """Superuser URL of the test's fresh database (for setup and for checking the ledger)."""
    return pg_cluster.url(db_name)


@pytest.fixture
def kiosk_url(pg_cluster: TempCluster, db_name: str) -> str:
    """URL of the test database as the bar kiosk's own login (kiosk-bar-1)."""
    return device_url(pg_cluster, db_name, BAR_DEVICE)


@pytest.fixture
def checkpoint_url(pg_cluster: TempCluster, db_name: str) -> str:
    """URL of the test database as the checkpoint kiosk's own login (kiosk-checkpoint-1)."""
    return device_url(pg_cluster, db_name, CHECKPOINT_DEVICE)


@pytest.fixture
def shared_kiosk_url(pg_cluster: TempCluster, db_name: str) -> str:
    """A member of `kiosk` bound to no device: the backend answers it UNAUTHORIZED."""
    return pg_cluster.url(db_name, user=SHARED_KIOSK_LOGIN, password=TEST_PASSWORD)


@pytest.fixture
def payments_url(pg_cluster: TempCluster, db_name: str) -> str:
    return pg_cluster.url(db_name, user=PAYMENTS_LOGIN, password=TEST_PASSWORD)


@pytest.fixture
def gateway_url(pg_cluster: TempCluster, db_name: str) -> str:
    """The gateway's login: a member of `gateway` and `payments`, never the owner."""
    return pg_cluster.url(db_name, user=GATEWAY_LOGIN, password=TEST_PASSWORD)


@pytest.fixture
def db(db_url: str) -> Iterator[psycopg.Connection]:
    """An autocommit superuser connection to the test database."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn
