"""Find nfcpy card readers and explain, in words a technician can act on, why one won't open.

Plain Python (no Qt). Used by ``NfcpyReader`` for its status reasons and by
``festival-kiosk --test-reader``. nfcpy itself only says "no reader available" when a partial
path such as ``usb`` matches a reader it may not open (permission, busy); here we look closer.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
from dataclasses import dataclass

log = logging.getLogger(__name__)

UDEV_HINT = (
    "add a udev rule, e.g. /etc/udev/rules.d/60-nfc-reader.rules containing "
    'SUBSYSTEM=="usb", ATTRS{{idVendor}}=="{vid}", ATTRS{{idProduct}}=="{pid}", '
    'MODE="0660", GROUP="plugdev"  then run  sudo udevadm control --reload  , '
    "add the kiosk user to group plugdev and replug the reader"
)
BUSY_HINT = (
    "another driver holds it: on Linux the kernel NFC modules (pn533_usb, port100) or pcscd; "
    "run  sudo modprobe -r pn533_usb port100  and blacklist them in "
    "/etc/modprobe.d/blacklist-nfc.conf, or stop pcscd"
)
LIBUSB_HINT = "libusb-1.0 is not installed (Debian/Ubuntu: sudo apt install libusb-1.0-0)"
SERIAL_PERMISSION_HINT = "add the kiosk user to group dialout (sudo usermod -aG dialout USER)"


@dataclass(frozen=True)
class ReaderCandidate:
    """A device that looks like a supported reader; ``problem`` says why it can't be used."""

    path: str
    description: str
    problem: str | None = None


@dataclass(frozen=True)
class ProbeResult:
    readers: tuple[ReaderCandidate, ...]
    notes: tuple[str, ...]


def list_readers() -> ProbeResult:
    """USB readers nfcpy has a driver for, and serial ports a PN532/Arygon reader may sit on."""
    readers: list[ReaderCandidate] = []
    notes: list[str] = []
    try:
        readers.extend(_usb_candidates("usb"))
    except (OSError, ImportError) as error:
        notes.append(f"USB: {explain_open_error('usb', error)}")
    readers.extend(_serial_candidates())
    return ProbeResult(tuple(readers), tuple(notes))


def explain_open_error(path: str, error: BaseException) -> str:
    """A human reason for an exception raised while opening ``path``."""
    if isinstance(error, ImportError):
        return f"a Python package nfcpy needs is missing: {error}"
    code = getattr(error, "errno", None)
    if code == errno.EACCES:
        if path.startswith("tty"):
            return f"permission denied for {path}: {SERIAL_PERMISSION_HINT}"
        vid, pid = _vid_pid_hint(path)
        return f"permission denied for {path}: " + UDEV_HINT.format(vid=vid, pid=pid)
    if code == errno.EBUSY:
        return f"reader {path} is busy: {BUSY_HINT}"
    if code == errno.ENODEV:
        return f"no reader on {path} (unplugged?)"
    if code == errno.ENOENT and "libusb" in str(error):
        return LIBUSB_HINT
    if code is not None:
        name = errno.errorcode.get(code, str(code))
        return f"cannot open {path}: {os.strerror(code)} ({name})"
    return f"cannot open {path}: {error!r}"


def explain_not_found(path: str) -> str:
    """Why ``ContactlessFrontend.open(path)`` returned False, as precisely as we can tell."""
    if path.startswith("usb"):
        try:
            candidates = _usb_candidates(path)
        except (OSError, ImportError) as error:
            return explain_open_error(path, error)
        if not candidates:
            return (
                f"no supported NFC reader found on {path}: plug one in (e.g. Sony RC-S380, "
                "ACS ACR122U, SCM SCL3711)"
            )
        problems = [c.problem for c in candidates if c.problem]
        if problems:
            return problems[0]
        for candidate in candidates:
            problem = _open_problem(candidate.path)
            if problem:
                return problem
        return f"a reader matches {path} but nfcpy could not initialise it (try replugging it)"
    if path.startswith(("tty", "com")):
        return (
            f"no reader answered on {path}: check the serial port name and driver "
            "(tty:USB0:pn532, tty:USB0:arygon) and that the reader is powered"
        )
    return f"no reader available on {path}"


def _usb_candidates(path: str) -> list[ReaderCandidate]:
    import nfc.clf.device
    import nfc.clf.transport

    found = nfc.clf.transport.USB.find(path) or []
    candidates = []
    for vid, pid, bus, dev in found:
        driver = nfc.clf.device.usb_device_map.get((vid, pid))
        if driver is None:
            continue
        full_path = f"usb:{int(bus):03d}:{int(dev):03d}"
        description = f"USB {vid:04x}:{pid:04x} ({driver} driver) at {full_path}"
        problem = None
        devnode = f"/dev/bus/usb/{int(bus):03d}/{int(dev):03d}"
        if sys.platform.startswith("linux") and not os.access(devnode, os.R_OK | os.W_OK):
            problem = f"permission denied for {devnode}: " + UDEV_HINT.format(
                vid=f"{vid:04x}", pid=f"{pid:04x}"
            )
        candidates.append(ReaderCandidate(full_path, description, problem))
    return candidates


def _serial_candidates() -> list[ReaderCandidate]:
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    candidates = []
    for port in list_ports.comports():
        name = os.path.basename(port.device)
        if not name.startswith(("ttyUSB", "ttyACM", "ttyAMA")):
            continue
        problem = None
        if not os.access(port.device, os.R_OK | os.W_OK):
            problem = f"permission denied for {port.device}: {SERIAL_PERMISSION_HINT}"
        description = (
            f"serial port {port.device} ({port.description}); a PN532 or Arygon reader "
            f"would be tty:{name[3:]}:pn532 or tty:{name[3:]}:arygon"
        )
        candidates.append(ReaderCandidate(f"tty:{name[3:]}", description, problem))
    return candidates


def _open_problem(full_path: str) -> str | None:
    """Open a fully qualified path, where nfcpy raises instead of skipping, to learn why not."""
    import nfc

    clf = nfc.ContactlessFrontend()
    try:
        if clf.open(full_path):
            return None
        return f"no reader on {full_path}"
    except (OSError, ImportError) as error:
        return explain_open_error(full_path, error)
    finally:
        clf.close()


def _vid_pid_hint(path: str) -> tuple[str, str]:
    parts = path.split(":")
    if len(parts) == 3 and all(len(p) == 4 for p in parts[1:]):
        return parts[1].lower(), parts[2].lower()
    return "054c", "06c1"
