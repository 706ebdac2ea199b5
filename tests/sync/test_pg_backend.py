"""psycopg transport specifics: prepared statements can be turned off (PgBouncer), names are
checked, connections are reused."""

from __future__ import annotations

import pytest

from sync.backend import PostgresBackend, RestBackend, make_backend
from tests.sync.helpers import card


def prepared_statements(backend: PostgresBackend) -> int:
    (conn,) = backend._idle
    return conn.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0]


@pytest.mark.parametrize(("threshold", "prepared"), [(None, 0), (2, 1)])
def test_prepared_statements_can_be_turned_off_for_pgbouncer(kiosk_url, threshold, prepared):
    backend = PostgresBackend(kiosk_url, prepare_threshold=threshold, statement_timeout_s=None)
    for _ in range(6):
        assert backend.call("sp_card_status", {"p_card_uid": card(1)}).ok
    assert prepared_statements(backend) == prepared
    backend.close()


def test_function_and_argument_names_are_checked_before_sending(kiosk_url):
    backend = PostgresBackend(kiosk_url)
    with pytest.raises(ValueError, match="function name"):
        backend.call("sp_x; DROP TABLE cards", {})
    with pytest.raises(ValueError, match="argument name"):
        backend.call("sp_card_status", {"p_card_uid) --": card(1)})
    backend.close()
    with pytest.raises(RuntimeError, match="closed"):
        backend.call("sp_card_status", {"p_card_uid": card(1)})


def test_make_backend_picks_the_transport_from_the_url(kiosk_url):
    pg = make_backend(kiosk_url, prepare_threshold=None)
    assert isinstance(pg, PostgresBackend) and pg.prepare_threshold is None
    rest = make_backend("https://project.supabase.co", "anon-key", timeout_s=2.0)
    assert isinstance(rest, RestBackend) and rest.timeout_s == 2.0
    for bad in ("", "ftp://x", "localhost:5432"):
        with pytest.raises(ValueError):
            make_backend(bad)
    pg.close()
    rest.close()


def test_the_server_gives_up_on_a_dead_kiosk_within_seconds(kiosk_url):
    """Server-side keepalives are set per connection, so a cut-off batch does not keep its card
    rows locked for the operating system's default two hours."""
    backend = PostgresBackend(kiosk_url, keepalive_idle_s=7, keepalive_interval_s=3, keepalive_count=4)
    assert backend.call("sp_card_status", {"p_card_uid": card(1)}).ok
    (conn,) = backend._idle
    shown = [
        conn.execute(f"SHOW {name}").fetchone()[0]
        for name in (
            "tcp_keepalives_idle",
            "tcp_keepalives_interval",
            "tcp_keepalives_count",
            "statement_timeout",
        )
    ]
    assert shown == ["7", "3", "4", "10s"]
    backend.close()
