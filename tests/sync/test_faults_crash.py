"""Crash test: a kiosk process is killed with SIGKILL at random moments while it sells and
replays, then restarted; in the end every request is applied exactly once and nothing is
left pending. Each round's kiosk is a fresh process forked by tests/sync/crash_driver.py's
"zygote" (which imported the code once), so 50 rounds take seconds, not minutes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from sync.outbox import Outbox
from sync.pg_backend import PostgresBackend
from sync.store import LocalStore
from tests.sync.helpers import CASHIER, CHECKPOINT_DEVICE, card, open_shift_call

pytestmark = pytest.mark.slow

ROUNDS = 50
REPO = Path(__file__).resolve().parents[2]


def driver(store: Path, url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.sync.crash_driver", str(store), url, *args],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def top_up_cards(checkpoint_url: str) -> None:
    """Load the 80 active demo cards to the maximum through the contract (the checkpoint
    device, on its own login, in the cashier's cash shift)."""
    backend = PostgresBackend(checkpoint_url)
    calls = [open_shift_call()] + [
        ("sp_process_checkpoint_recharge", {
            "p_client_request_id": str(uuid.uuid4()), "p_card_uid": card(n), "p_amount_cents": 48_000,
            "p_payment_method": "cash", "p_checkpoint_id": "checkpoint-1",
            "p_device_id": CHECKPOINT_DEVICE, "p_staff_id": CASHIER,
        })
        for n in range(1, 81)
    ]  # fmt: skip
    assert all(r.ok for r in backend.call_many(calls))
    backend.close()


def test_sigkill_at_random_moments_applies_every_request_exactly_once(
    kiosk_url, checkpoint_url, db, tmp_path
):
    top_up_cards(checkpoint_url)
    # a crashing kiosk replays much of what it sold as offline sales, far faster than a bar
    # sells: lift the device's hourly offline limit, which is not what this test is about
    # (tests/sql/test_trust.py holds it), so every refusal left is a card's own
    db.execute("UPDATE event_settings SET offline_device_limit_cents = 100000000")
    store = tmp_path / "crash-store.sqlite3"
    rng = random.Random(20240601)
    zygote = driver(store, kiosk_url, "zygote")
    try:
        for round_no in range(ROUNDS):
            zygote.stdin.write(f"run {round_no}\n")
            zygote.stdin.flush()
            line = zygote.stdout.readline().split()
            if line[:1] != ["ready"]:
                pytest.fail(f"round {round_no}: the kiosk did not start: {line!r}")
            time.sleep(rng.uniform(0.0, 0.2))
            os.kill(int(line[1]), signal.SIGKILL)
        zygote.stdin.write("drain\n")
        zygote.stdin.flush()
        assert zygote.stdout.readline().strip() == "drained"
        assert zygote.stdout.readline().strip() == "exit 0"
        zygote.stdin.write("quit\n")
        zygote.stdin.flush()
        assert zygote.wait(10) == 0
    finally:
        if zygote.poll() is None:
            zygote.kill()
        zygote.communicate()

    local = LocalStore(store).open()
    entries = Outbox(local).entries(limit=1_000_000)
    local.close()
    assert len(entries) >= ROUNDS, "the driver sold too little to mean anything"
    assert not [e for e in entries if e.state in ("pending", "in_flight")]
    done = {str(e.request_id): e.amount_cents for e in entries if e.state == "done"}
    applied = dict(db.execute("SELECT client_request_id::text, total_cents FROM orders").fetchall())
    assert applied == done  # each done request once, and nothing the kiosk does not know about
    charged = db.execute(
        "SELECT sum(50000 - balance_cents) FROM cards WHERE card_uid BETWEEN %s AND %s", (card(1), card(80))
    ).fetchone()[0]
    assert charged == sum(done.values())
    rejected = [e for e in entries if e.state in ("rejected", "conflict")]
    assert all(e.error_code in ("INSUFFICIENT_FUNDS",) for e in rejected), rejected[:3]
    retried = [e for e in entries if e.attempts > 1]
    replayed = [e for e in entries if e.response and e.response.get("replayed")]
    print(f"\n{len(entries)} requests, {len(done)} done, {len(rejected)} rejected, "
          f"{len(retried)} interrupted and sent again, {len(replayed)} answered 'replayed'")
