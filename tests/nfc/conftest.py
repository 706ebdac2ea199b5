"""Fixtures for the card-reader tests: free UDP ports on 127.0.0.1 and reader threads."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from kiosk.nfc.reader import CardReader
from tests.nfc.recording import RecordingSink


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def udp_path() -> str:
    """An nfcpy udp path on a port nobody uses right now."""
    return f"udp:127.0.0.1:{free_udp_port()}"


@pytest.fixture
def run_reader() -> Iterator[Callable[[CardReader], RecordingSink]]:
    """Start ``reader.run`` on a plain thread with a RecordingSink; stopped after the test."""
    running: list[tuple[CardReader, threading.Thread]] = []

    def start(reader: CardReader) -> RecordingSink:
        sink = RecordingSink()
        thread = threading.Thread(target=reader.run, args=(sink,), daemon=True)
        thread.start()
        running.append((reader, thread))
        return sink

    yield start
    for reader, thread in running:
        reader.stop()
        thread.join(5)
        assert not thread.is_alive(), f"{reader.name} did not stop"
