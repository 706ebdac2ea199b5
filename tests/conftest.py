"""Shared fixtures: one throwaway PostgreSQL per test session, a migrated and seeded
template database, and a fresh database cloned from it for each test that asks."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest

from sql.cluster import TempCluster

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEMPLATE_DB = "kiosk_template"
KIOSK_LOGIN = "kiosk_app"
PAYMENTS_LOGIN = "payments_app"
_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[TempCluster]:
    """A private PostgreSQL server for the whole session, removed at the end even on failure."""
    cluster = TempCluster()
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
        conn.execute(f"CREATE ROLE {KIOSK_LOGIN} LOGIN IN ROLE kiosk")
        conn.execute(f"CREATE ROLE {PAYMENTS_LOGIN} LOGIN IN ROLE payments")
    return TEMPLATE_DB


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
    """URL of the test database as a login role that is a member of `kiosk` only."""
    return pg_cluster.url(db_name, user=KIOSK_LOGIN)


@pytest.fixture
def payments_url(pg_cluster: TempCluster, db_name: str) -> str:
    return pg_cluster.url(db_name, user=PAYMENTS_LOGIN)


@pytest.fixture
def db(db_url: str) -> Iterator[psycopg.Connection]:
    """An autocommit superuser connection to the test database."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        yield conn
