"""The throwaway cluster trades only OS-crash safety for speed."""

from __future__ import annotations


def test_acknowledged_commits_survive_an_immediate_shutdown(db) -> None:
    """fsync may be off, but synchronous_commit must stay on: crash and restart tests rely on
    every commit a client was told about surviving `pg_ctl stop -m immediate`."""
    assert db.execute("SHOW synchronous_commit").fetchone()[0] == "on"
    assert db.execute("SHOW fsync").fetchone()[0] == "off"
