"""Reopening a lost reader backs off exponentially up to a cap, and starts over after success."""

from __future__ import annotations

import pytest

from kiosk.nfc.backoff import Backoff


def test_delays_double_up_to_the_cap_and_reset():
    backoff = Backoff(0.5, 3.0)
    assert [backoff.next_delay() for _ in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    backoff.reset()
    assert backoff.next_delay() == 0.5


@pytest.mark.parametrize(("initial", "cap"), [(0, 1), (2, 1), (-1, 1)])
def test_nonsense_delays_are_refused(initial, cap):
    with pytest.raises(ValueError):
        Backoff(initial, cap)
