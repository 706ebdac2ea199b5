"""Unattended set-up: `festival-kiosk --provision FILE` writes this kiosk's configuration.

One provisioning file serves a whole festival. Top-level keys are settings shared by every
kiosk (any key of `kiosk.settings.Settings`); each `[kiosks.<name>]` table holds what is
particular to one machine, usually its `device_id`. The table is chosen by `--device NAME`
(a table name or a device id) or else by this machine's host name:

    backend_url = "postgresql://kiosk@db.festival.lan/festival?sslmode=require"
    reader = "usb"

    [provision]
    test_connection = true     # ask the backend (sp_device_config) before writing

    [kiosks.bar-pc-01]
    device_id = "kiosk-bar-1"

    [kiosks.gate-pc-02]
    device_id = "kiosk-checkpoint-1"
    reader = "wedge"

A file without `[kiosks.*]` tables provisions every machine alike (`--device` then sets
`device_id`). Everything is validated before anything is written; a previous config file
is kept as `<name>.bak`. Exit codes: 0 written, 2 bad file or settings, 3 the backend
refused or could not be reached, 1 the config could not be written. Qt-free.

This is a command-line tool: its messages are English sentences for the terminal and its log
(`check_words` words a `DeviceCheck` for it); the wizard shows a provisioning file's problem
under its own translated headline, with this text as the detail.
"""

from __future__ import annotations

import os
import socket
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from kiosk.device_check import CheckStatus, DeviceCheck, check_device
from kiosk.settings import (
    Settings,
    SettingsError,
    default_config_path,
    save_settings,
    settings_from_dict,
)

EXIT_OK = 0
EXIT_WRITE_FAILED = 1
EXIT_BAD_FILE = 2
EXIT_BACKEND = 3

PROVISION_OPTIONS = {"test_connection": bool}


class ProvisionError(Exception):
    """Provisioning stopped before writing anything; `exit_code` says why."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_FILE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class ProvisionResult:
    path: Path
    settings: Settings
    kiosk_name: str | None
    check: DeviceCheck | None  # None when the connection test was switched off
    backup: Path | None


def read_provision_file(path: Path) -> dict[str, Any]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ProvisionError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProvisionError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProvisionError(f"{path} is not valid TOML: {exc}") from None


def host_names() -> tuple[str, ...]:
    """This machine's host name, and its short form without the domain."""
    name = socket.gethostname()
    return (name, name.split(".")[0]) if "." in name else (name,)


def choose_kiosk(
    kiosks: Mapping[str, Any], device: str | None, hostnames: tuple[str, ...]
) -> tuple[str, Mapping[str, Any]]:
    """The `[kiosks.<name>]` table for `device` (name or device_id) or else the host name."""
    for name, table in kiosks.items():
        if not isinstance(table, Mapping):
            raise ProvisionError(f"kiosks.{name} must be a table ([kiosks.{name}])")
    if device:
        if device in kiosks:
            return device, kiosks[device]
        matches = [n for n, t in kiosks.items() if t.get("device_id") == device]
        if len(matches) == 1:
            return matches[0], kiosks[matches[0]]
        if len(matches) > 1:
            raise ProvisionError(
                f"device id {device!r} appears in several tables: {', '.join(matches)}"
            )
        raise ProvisionError(
            f"no [kiosks.{device}] table and no kiosk with device_id {device!r}; "
            f"the file has: {', '.join(sorted(kiosks))}"
        )
    for host in hostnames:
        if host in kiosks:
            return host, kiosks[host]
    raise ProvisionError(
        f"no [kiosks.*] table for this machine (host name {hostnames[0]!r}); pass --device "
        f"NAME, one of: {', '.join(sorted(kiosks))}"
    )


def settings_for_kiosk(
    data: Mapping[str, Any], device: str | None = None,
    hostnames: tuple[str, ...] | None = None,
) -> tuple[Settings, str | None, bool]:
    """Merge shared keys and the chosen kiosk table; returns (settings, table, test?)."""
    options = data.get("provision", {})
    if not isinstance(options, Mapping):
        raise ProvisionError("[provision] must be a table")
    for key, value in options.items():
        expected = PROVISION_OPTIONS.get(key)
        if expected is None:
            raise ProvisionError(
                f"unknown option provision.{key}; known: {', '.join(PROVISION_OPTIONS)}"
            )
        if not isinstance(value, expected):
            raise ProvisionError(f"provision.{key}: expected true or false, got {value!r}")
    test_connection = options.get("test_connection", True)

    shared = {k: v for k, v in data.items() if k not in ("kiosks", "provision")}
    kiosks = data.get("kiosks")
    name = None
    values = dict(shared)
    if kiosks is not None:
        if not isinstance(kiosks, Mapping) or not kiosks:
            raise ProvisionError("kiosks must hold one [kiosks.<name>] table per machine")
        name, table = choose_kiosk(kiosks, device, hostnames or host_names())
        values.update(table)
    elif device:
        values["device_id"] = device
    where = f"[kiosks.{name}]" if name else "the shared settings"
    try:
        settings = settings_from_dict(values, strict=True)
    except SettingsError:
        # report every bad key at once, each with its name, not one per run
        problems = []
        for key, value in values.items():
            try:
                settings_from_dict({key: value}, strict=True)
            except SettingsError as exc:
                problems.append(f"{where}: {exc}")
        for key in ("backend_url", "device_id"):
            if not values.get(key):
                problems.append(_missing(where, key))
        raise ProvisionError("\n".join(problems) or f"{where}: invalid settings") from None
    problems = [_missing(where, key) for key in ("backend_url", "device_id")
                if not getattr(settings, key)]
    if problems:
        raise ProvisionError("\n".join(problems))
    return settings, name, test_connection


def _missing(where: str, key: str) -> str:
    if key == "device_id":
        return f"{where}: device_id is missing (or pass --device DEVICE_ID)"
    return f"{where}: {key} is missing"


def provision_from_file(
    path: str | os.PathLike[str],
    *,
    config_path: Path | None = None,
    device: str | None = None,
    test_connection: bool | None = None,
    check: Callable[[str, str, str], DeviceCheck] = check_device,
    hostnames: tuple[str, ...] | None = None,
) -> ProvisionResult:
    """Validate the file, optionally ask the backend, then write the config file."""
    data = read_provision_file(Path(path))
    try:
        settings, name, file_test = settings_for_kiosk(data, device, hostnames)
    except ProvisionError as exc:
        lines = str(exc).splitlines()
        raise ProvisionError("\n".join(f"{path}: {line}" for line in lines), exc.exit_code) from None
    do_test = file_test if test_connection is None else test_connection
    result_check = None
    if do_test:
        security = {"insecure_backend": True} if settings.insecure_backend else {}
        if settings.backend_ca_file:
            security["ca_file"] = settings.backend_ca_file
        result_check = check(settings.backend_url, settings.backend_api_key, settings.device_id, **security)
        if not result_check.ok:
            raise ProvisionError(check_words(result_check), EXIT_BACKEND)
    target = Path(config_path) if config_path is not None else default_config_path()
    backup = None
    try:
        if target.exists():
            # the old file may hold a password: the backup is readable by its owner only
            backup = target.with_name(target.name + ".bak")
            fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(fd, 0o600)  # an older .bak may have been created 0644
            with os.fdopen(fd, "wb") as stream:
                stream.write(target.read_bytes())
        written = save_settings(settings, target)
    except (OSError, SettingsError) as exc:
        raise ProvisionError(str(exc), EXIT_WRITE_FAILED) from None
    return ProvisionResult(written, settings, name, result_check, backup)


def check_words(check: DeviceCheck) -> str:
    """A DeviceCheck in one English line for the command line."""
    device, detail = check.device_id, check.detail
    words = {
        CheckStatus.CONNECTED: "Connected: the backend answers.",
        CheckStatus.DEVICE_OK: f"Connected: {device} is a {check.role} at {check.place}.",
        CheckStatus.NO_BACKEND: "Choose a backend first.",
        CheckStatus.NO_DEVICE_ID: "Enter the device id this kiosk is registered as.",
        CheckStatus.BAD_ADDRESS: f"Cannot use this backend address: {detail}",
        CheckStatus.UNREACHABLE: f"Cannot reach the backend: {detail}",
        CheckStatus.DEVICE_REFUSED: f"The backend does not accept device {device!r}: "
                                    f"{detail or 'unknown or disabled device'}",
        CheckStatus.REFUSED: f"The backend refused: {detail}",
        CheckStatus.NOT_A_CONFIG: f"The backend's answer is not a device config: {detail}",
        CheckStatus.DEVICE_DISABLED: f"Device {device} is disabled in the backend.",
        CheckStatus.EMBEDDED_FAILED: f"Could not start the embedded demo server: {detail}",
        CheckStatus.FAILED: f"The check failed: {detail}",
    }
    return words[check.status]


def provision_main(
    path: str,
    config_path: Path | None = None,
    *,
    device: str | None = None,
    test_connection: bool | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """The `--provision FILE` command: report in one line, return the process exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        result = provision_from_file(
            path, config_path=config_path, device=device, test_connection=test_connection
        )
    except ProvisionError as exc:
        print(f"festival-kiosk: provisioning failed: {exc}", file=err)
        return exc.exit_code
    what = result.settings.device_id
    if result.check is not None:
        what += f" ({result.check.role} at {result.check.place})"
    else:
        what += " (backend not contacted)"
    print(f"wrote {result.path} for device {what}", file=out)
    if result.backup is not None:
        print(f"previous configuration kept as {result.backup}", file=out)
    return EXIT_OK
