"""Card uids are uppercase hex without separators; anything else is refused with a reason."""

from __future__ import annotations

import pytest

from kiosk.nfc.events import CardTap, normalize_uid


@pytest.mark.parametrize(
    ("text", "uid"),
    [
        ("04a1b2c3d4e5f6", "04A1B2C3D4E5F6"),
        ("04:A1:B2:C3:D4:E5:F6", "04A1B2C3D4E5F6"),
        ("04 a1 b2 c3", "04A1B2C3"),
        ("01-2E-4C-D7-A1-B2-C3-D4", "012E4CD7A1B2C3D4"),
    ],
)
def test_normalize_uid_accepts_common_spellings(text, uid):
    assert normalize_uid(text) == uid


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not a card uid"),
        ("04G1B2C3", "not a card uid"),
        ("04A1B2C", "odd number"),
        ("04A1B2", "3 bytes"),
        ("00" * 11, "11 bytes"),
        (None, "must be text"),
    ],
)
def test_normalize_uid_refuses_non_uids_with_a_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        normalize_uid(text)


def test_tap_now_stamps_both_clocks():
    tap = CardTap.now("04DE0000000001", "sim")
    assert tap.monotonic > 0
    assert tap.wall_time.utcoffset() is not None
    assert tap.ndef_records == ()
