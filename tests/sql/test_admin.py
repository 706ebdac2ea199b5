"""festival-admin: migrate and seed-demo against a real server, clear errors otherwise."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest

from sql.admin import main
from sql.cluster import TempCluster


def test_migrate_and_seed_on_an_empty_database_then_again_is_a_no_op(
    pg_cluster: TempCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    """migrate applies everything once; a second migrate and seed-demo change nothing."""
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE admin_cli")
    url = pg_cluster.url("admin_cli")
    try:
        assert main(["migrate", "--database-url", url]) == 0
        assert "applied" in capsys.readouterr().out
        assert main(["migrate", "--database-url", url]) == 0
        assert "up to date" in capsys.readouterr().out
        assert main(["seed-demo", "--database-url", url]) == 0
        with psycopg.connect(url) as conn:
            ledger_rows = conn.execute("SELECT count(*) FROM ledger").fetchone()[0]
        assert main(["seed-demo", "--database-url", url]) == 0
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 100
            assert conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == ledger_rows
    finally:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
            conn.execute("DROP DATABASE admin_cli WITH (FORCE)")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/db", "bad database URL"),
        ("host='unterminated", "bad database URL"),
        ("postgresql://u@[::1/db", "bad database URL"),
        ("postgresql://nobody@127.0.0.1:1/nothing", "cannot reach the database"),
    ],
)
def test_bad_or_unreachable_url_is_one_clear_line_and_exit_1(url: str, message: str) -> None:
    """The command-line tool says what is wrong on stderr and exits non-zero, no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "sql.admin", "migrate", "--database-url", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
