"""A fast keystroke burst ending in Enter is a card uid; human typing speed is not."""

from __future__ import annotations

import pytest

from kiosk.nfc.wedge_parser import WedgeConfig, WedgeFormat, WedgeParser, parse_wedge_spec


def type_text(parser: WedgeParser, text: str, start: float, gap: float) -> str | None:
    now = start
    for char in text:
        parser.feed_char(char, now)
        now += gap
    return parser.feed_enter(now)


def test_fast_hex_burst_is_a_uid():
    assert type_text(WedgeParser(), "04a1b2c3d4e5f6", 10.0, 0.004) == "04A1B2C3D4E5F6"


def test_slow_typing_of_the_same_characters_is_not():
    assert type_text(WedgeParser(), "04a1b2c3d4e5f6", 10.0, 0.12) is None


def test_one_slow_gap_inside_a_burst_breaks_it():
    parser = WedgeParser()
    for i, char in enumerate("04A1B2C3"):
        parser.feed_char(char, i * 0.005)
    parser.feed_char("D", 0.5)  # a pause: a new burst starts at "D"
    assert parser.pending == "D"
    assert parser.feed_enter(0.505) is None


def test_enter_long_after_the_burst_is_not_a_card():
    parser = WedgeParser()
    for i, char in enumerate("04A1B2C3D4E5F6"):
        parser.feed_char(char, i * 0.005)
    assert parser.feed_enter(2.0) is None


def test_a_character_outside_the_format_drops_the_burst():
    parser = WedgeParser()
    assert parser.feed_char("0", 0.0)
    assert not parser.feed_char("x", 0.001)
    assert parser.pending == ""


@pytest.mark.parametrize("text", ["04A1B2", "04A1B2C3D", "00" * 11])
def test_wrong_lengths_are_not_uids(text):
    assert type_text(WedgeParser(), text, 0.0, 0.004) is None


def test_reversed_byte_order():
    parser = WedgeParser(WedgeConfig(reversed_bytes=True))
    assert type_text(parser, "F6E5D4C3B2A104", 0.0, 0.004) == "04A1B2C3D4E5F6"


@pytest.mark.parametrize(
    ("typed", "reversed_bytes", "uid"),
    [
        ("3571840580", False, "D4E5F644"),  # 10-digit decimal of a 4-byte uid
        ("0000001234", False, "000004D2"),  # leading zeros keep it 4 bytes
        ("3571840580", True, "44F6E5D4"),
        ("1303689068602870", False, "04A1B2C3D4E5F6"),  # a 7-byte uid
    ],
)
def test_decimal_bursts(typed, reversed_bytes, uid):
    parser = WedgeParser(WedgeConfig(format=WedgeFormat.DEC, reversed_bytes=reversed_bytes))
    assert type_text(parser, typed, 0.0, 0.004) == uid


def test_short_decimal_is_not_a_uid():
    parser = WedgeParser(WedgeConfig(format=WedgeFormat.DEC))
    assert type_text(parser, "1234", 0.0, 0.004) is None


@pytest.mark.parametrize(
    ("spec", "fmt", "reversed_bytes"),
    [
        ("wedge", WedgeFormat.HEX, False),
        ("wedge:dec", WedgeFormat.DEC, False),
        ("wedge:hex:reversed", WedgeFormat.HEX, True),
        ("wedge:dec:msb", WedgeFormat.DEC, False),
    ],
)
def test_wedge_specs(spec, fmt, reversed_bytes):
    config = parse_wedge_spec(spec)
    assert (config.format, config.reversed_bytes) == (fmt, reversed_bytes)


@pytest.mark.parametrize("spec", ["wedge:oct", "wedge:hex:sideways", "wedge:hex:msb:x", "wedgie"])
def test_bad_wedge_specs_are_refused(spec):
    with pytest.raises(ValueError, match=r"wedge|byte order|format"):
        parse_wedge_spec(spec)
