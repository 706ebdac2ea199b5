"""Card models that answer nfcpy's ``sense``/``exchange`` the way real cards answer a reader.

nfcpy's own tests patch ``ContactlessFrontend.sense`` and ``.exchange`` (autospec) with canned
responses so that nfcpy's real tag activation, presence check and NDEF code run; these models
do the same with a little state: a card is on the reader or not, and has memory to read.
"""

from __future__ import annotations

import threading
from functools import reduce
from unittest import mock

import ndef
import nfc
import nfc.clf

NTAG213_VERSION = bytes.fromhex("0004040201000F03")  # GET_VERSION answer of an NTAG213
NTAG213_PAGES = 45
ACK_NAK_NOT_AUTHENTICATED = b"\x04"


def ntag213_memory(uid: bytes, records: list[ndef.Record]) -> bytearray:
    """NTAG213 memory: uid with check bytes, capability container, NDEF message TLV."""
    assert len(uid) == 7
    bcc0 = 0x88 ^ uid[0] ^ uid[1] ^ uid[2]
    bcc1 = reduce(lambda a, b: a ^ b, uid[3:7])
    memory = bytearray(NTAG213_PAGES * 4)
    memory[0:9] = bytes([*uid[0:3], bcc0, *uid[3:7], bcc1])
    memory[9:12] = b"\x48\x00\x00"
    memory[12:16] = b"\xe1\x10\x12\x00"  # NDEF 1.0, 144 bytes, read/write
    message = b"".join(ndef.message_encoder(records))
    tlv = bytes([0x03, len(message)]) + message + b"\xfe"
    memory[16 : 16 + len(tlv)] = tlv
    return memory


class CardOnReader:
    """One card that a test puts on and takes off a patched ContactlessFrontend.

    ``sense`` answers with the card's 106A target while it is present; ``exchange`` answers
    the commands nfcpy's Type 2 Tag code sends. Called on the reader thread, driven by the test.
    """

    def __init__(
        self,
        uid_hex: str,
        *,
        sel_res: int = 0x00,
        memory: bytearray | None = None,
        version: bytes | None = None,
        readable: bool = True,
        break_link_at_page: int | None = None,
    ) -> None:
        self.uid = bytes.fromhex(uid_hex)
        self.sel_res = sel_res
        self.memory = memory
        self.version = version
        self.readable = readable
        self.break_link_at_page = break_link_at_page
        self.present = threading.Event()
        self.reader_gone = threading.Event()
        self.sense_calls = 0
        self.presence_reads = 0

    def frontend(self) -> nfc.ContactlessFrontend:
        """A real ContactlessFrontend whose sense/exchange are patched onto this card."""
        clf = nfc.ContactlessFrontend()
        clf.sense = mock.create_autospec(clf.sense, side_effect=self.sense)
        clf.exchange = mock.create_autospec(clf.exchange, side_effect=self.exchange)
        return clf

    def sense(self, *targets: nfc.clf.RemoteTarget, **options: object):
        self.sense_calls += 1
        if self.reader_gone.is_set():
            raise OSError(19, "No such device")
        if not self.present.is_set():
            self.present.wait(0.01)  # a sense pass takes a little time on hardware
            return None
        for target in targets:
            if target.brty == "106A":
                sel_req = target.sel_req
                if sel_req is not None and bytes(sel_req) != self.uid:
                    return None
                return nfc.clf.RemoteTarget(
                    "106A",
                    sens_res=bytearray.fromhex("4400"),
                    sel_res=bytearray([self.sel_res]),
                    sdd_res=bytearray(self.uid),
                )
        return None

    def exchange(self, send_data: bytes, timeout: float):
        if self.reader_gone.is_set():
            raise OSError(19, "No such device")
        if not self.present.is_set():
            raise nfc.clf.TimeoutError("no card")
        command = bytes(send_data)
        if command[0] == 0x60 and self.version is not None:
            return bytearray(self.version)
        if command[0] == 0x30 and len(command) == 2:
            page = command[1]
            if page == 0:
                self.presence_reads += 1
            if not self.readable:
                return bytearray(ACK_NAK_NOT_AUTHENTICATED)
            if page == self.break_link_at_page:
                raise nfc.clf.BrokenLinkError("card left the field during the read")
            if self.memory is None or page * 4 >= len(self.memory):
                return bytearray(b"\x00")  # NAK: invalid page
            data = (self.memory * 2)[page * 4 : page * 4 + 16]
            return bytearray(data)
        raise nfc.clf.TimeoutError("command not supported by this card")
