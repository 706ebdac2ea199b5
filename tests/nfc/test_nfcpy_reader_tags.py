"""NfcpyReader on a real nfc.ContactlessFrontend whose sense/exchange answer like a card.

nfcpy's real connect loop, Type 2 Tag activation (NTAG213 identification), presence check and
NDEF parsing run; only the radio is replaced, in the style of nfcpy's own tests.
"""

from __future__ import annotations

import time

import ndef

from kiosk.nfc.events import ReaderState
from kiosk.nfc.nfcpy_reader import NfcpyReader
from tests.nfc.recording import wait_until
from tests.nfc.tag_models import NTAG213_VERSION, CardOnReader, ntag213_memory

NTAG_UID = "04A1B2C3D4E5F6"
CARD_URL = "https://festival.example/c/04A1B2C3D4E5F6"


def ntag213(**kwargs: object) -> CardOnReader:
    memory = ntag213_memory(bytes.fromhex(NTAG_UID), [ndef.UriRecord(CARD_URL)])
    return CardOnReader(NTAG_UID, memory=memory, version=NTAG213_VERSION, **kwargs)


def reader_for(card: CardOnReader, udp_path: str, **kwargs: object) -> NfcpyReader:
    # The udp path gives the frontend a real (idle) nfcpy device; the card answers sense/exchange.
    return NfcpyReader(udp_path, targets=("106A",), frontend_factory=card.frontend, **kwargs)


def test_ntag213_tap_reports_uid_type_product_and_ndef(run_reader, udp_path):
    card = ntag213()
    sink = run_reader(reader_for(card, udp_path, read_ndef=True))
    wait_until(lambda: ReaderState.CONNECTED in sink.states, what="reader connected")
    card.present.set()
    wait_until(lambda: sink.taps, what="a tap")
    tap = sink.taps[0]
    assert tap.uid == NTAG_UID
    assert tap.technology == "Type2Tag"
    assert tap.product == "NXP NTAG213"
    assert tap.reader == udp_path
    assert len(tap.ndef_records) == 1 and CARD_URL in tap.ndef_records[0]
    assert tap.wall_time.tzinfo is not None


def test_card_left_on_reader_fires_once_and_removal_is_reported(run_reader, udp_path):
    card = ntag213()
    sink = run_reader(reader_for(card, udp_path))
    card.present.set()
    wait_until(lambda: card.presence_reads >= 5, what="nfcpy presence checks")
    assert [t.uid for t in sink.taps] == [NTAG_UID]
    assert sink.removals == []

    card.present.clear()
    wait_until(lambda: sink.removals, what="removal")
    assert sink.removals[0].uid == NTAG_UID
    assert sink.removals[0].monotonic >= sink.taps[0].monotonic

    time.sleep(0.6)  # longer than rearm_s: this is a new tap
    card.present.set()
    wait_until(lambda: len(sink.taps) == 2, what="second tap after the card came back")


def test_card_that_cannot_be_presence_checked_fires_once(run_reader, udp_path):
    # A MIFARE Classic answers READ with NAK (it needs authentication): nfcpy's presence check
    # fails at once and the next poll activates the card again, over and over.
    card = CardOnReader("A1B2C3D4", sel_res=0x08, readable=False)
    reader = reader_for(card, udp_path)
    sink = run_reader(reader)
    card.present.set()
    wait_until(lambda: reader.reactivations_suppressed >= 5, what="repeated activations")
    assert [t.uid for t in sink.taps] == ["A1B2C3D4"]
    assert sink.removals == [] and sink.errors == []

    card.present.clear()
    wait_until(lambda: sink.removals, what="removal once the card is really gone")
    assert len(sink.taps) == 1


def test_exception_during_read_is_a_read_error_not_a_crash(run_reader, udp_path):
    # The link breaks while nfcpy reads the NDEF area: nfcpy raises RuntimeError from inside
    # the on-connect callback; the reader reports a read error and keeps working.
    card = ntag213(break_link_at_page=4)
    reader = reader_for(card, udp_path, read_ndef=True)
    sink = run_reader(reader)
    card.present.set()
    wait_until(lambda: sink.errors, what="a read error")
    error = sink.errors[0]
    assert error.uid == NTAG_UID
    assert NTAG_UID in error.message
    assert sink.taps == []

    card.present.clear()
    card.break_link_at_page = None
    time.sleep(0.6)
    card.present.set()
    wait_until(lambda: sink.taps, what="a good tap after the read error")
    assert sink.taps[0].uid == NTAG_UID
    assert len(sink.errors) == 1
