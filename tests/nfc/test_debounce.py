"""A second tap of the same card within the window is a duplicate; other cards are not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.nfc.debounce import Debouncer


def test_first_tap_is_not_a_duplicate():
    assert not Debouncer(1.5).is_duplicate("04DE0000000001", 100.0)


def test_same_card_within_window_is_a_duplicate_and_after_it_is_not():
    debouncer = Debouncer(1.5)
    assert not debouncer.is_duplicate("A", 100.0)
    assert debouncer.is_duplicate("A", 101.4)
    assert not debouncer.is_duplicate("A", 103.0)


def test_window_slides_while_the_card_keeps_being_seen():
    debouncer = Debouncer(1.5)
    assert not debouncer.is_duplicate("A", 0.0)
    for now in (1.0, 2.0, 3.0, 4.0):
        assert debouncer.is_duplicate("A", now)
    assert not debouncer.is_duplicate("A", 5.6)


def test_other_cards_are_independent():
    debouncer = Debouncer(1.5)
    assert not debouncer.is_duplicate("A", 0.0)
    assert not debouncer.is_duplicate("B", 0.1)
    assert debouncer.is_duplicate("A", 0.2)


def test_zero_window_never_debounces():
    debouncer = Debouncer(0)
    assert not debouncer.is_duplicate("A", 1.0)
    assert not debouncer.is_duplicate("A", 1.0)


@pytest.mark.parametrize("window", [-1, float("nan"), float("inf"), "1.5", None])
def test_bad_window_is_refused(window):
    with pytest.raises(ValueError, match="debounce window"):
        Debouncer(window)


@given(st.lists(st.floats(min_value=0, max_value=10, allow_nan=False), min_size=1, max_size=30))
def test_a_card_tapped_again_only_fires_after_a_full_window_of_absence(gaps):
    debouncer = Debouncer(1.5)
    now = 0.0
    assert not debouncer.is_duplicate("A", now)
    for gap in gaps:
        previous, now = now, now + gap
        assert debouncer.is_duplicate("A", now) == (now - previous < 1.5)


def test_forgotten_cards_do_not_accumulate():
    debouncer = Debouncer(1.5)
    for i in range(1000):
        debouncer.is_duplicate(f"{i:08X}", float(i))
    assert len(debouncer._last_seen) <= 2
