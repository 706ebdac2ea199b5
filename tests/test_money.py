"""Money formatting: integer cents only, euro sign, readable minus, whole amounts on buttons."""

from __future__ import annotations

import pytest

from kiosk.money import format_cents, format_whole, parse_whole_units, set_money_language


def test_cents_are_formatted_with_two_decimals():
    assert format_cents(0) == "€0.00"
    assert format_cents(5) == "€0.05"
    assert format_cents(12345) == "€123.45"
    assert format_cents(123456789) == "€1,234,567.89"


def test_negative_amounts_use_a_real_minus_sign():
    assert format_cents(-100) == "−€1.00"


def test_signed_shows_plus_for_credits():
    assert format_cents(250, signed=True) == "+€2.50"
    assert format_cents(0, signed=True) == "€0.00"


def test_other_currencies():
    assert format_cents(100, "usd") == "$1.00"
    assert format_cents(100, "CHF") == "CHF 1.00"


@pytest.mark.parametrize("bad", [1.5, "100", None, True])
def test_floats_and_other_types_are_refused(bad):
    with pytest.raises(TypeError):
        format_cents(bad)


def test_whole_amounts_drop_the_decimals():
    assert format_whole(1000) == "€10"
    assert format_whole(1050) == "€10.50"


def test_keypad_text_to_cents():
    assert parse_whole_units("25") == 2500
    for bad in ("", "2.5", "-1", "١٢"):
        with pytest.raises(ValueError):
            parse_whole_units(bad)


@pytest.fixture
def money_in(request):
    def use(language):
        set_money_language(language)
    yield use
    set_money_language("en")


def test_german_and_french_screens_write_money_their_way(money_in):
    money_in("de")
    assert format_cents(123456) == "1.234,56\u00a0€"
    assert format_cents(-500) == "−5,00\u00a0€"
    assert format_cents(250, signed=True) == "+2,50\u00a0€"
    assert format_whole(2000) == "20\u00a0€" and format_whole(1050) == "10,50\u00a0€"
    assert format_cents(100, "CHF") == "1,00\u00a0CHF"
    money_in("fr")
    assert format_cents(123456) == "1\u202f234,56\u00a0€"
    assert format_whole(500000) == "5\u202f000\u00a0€"
    money_in("en")
    assert format_cents(123456) == "€1,234.56" and format_cents(100, "CHF") == "CHF 1.00"
    with pytest.raises(TypeError):
        format_cents(1.5)
