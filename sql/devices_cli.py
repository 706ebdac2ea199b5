"""`festival-admin devices enrol|revoke|list` and `festival-admin watchdog`: the command-line
side of sql/devices.py. Enrolment writes the device's provisioning file, in the format
`festival-kiosk --provision FILE` reads, with mode 0600 (it holds the credential), and
optionally the same text as a QR code for the setup wizard."""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg
import segno
import tomli_w

from sql import devices, fleet
from sync.backend import (
    POSTGRES_SCHEMES,
    REST_SCHEMES,
    InsecureBackendError,
    check_backend_security,
    is_loopback_host,
)


class EnrolError(Exception):
    """The enrolment cannot go ahead; the message says why."""


def device_backend_url(base_url: str, login_role: str, password: str) -> str:
    """The device's own PostgreSQL URL: the operator's URL with this device's login and
    password, and `sslmode=require` for a host that is not loopback (unless the URL sets a
    mode). Refused if the kiosk would refuse it (sync.backend's TLS rule)."""
    parts = urlsplit(base_url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise EnrolError(f"--backend-url {base_url!r}: --via postgres needs a postgresql:// URL")
    host = parts.hostname or ""
    query = dict(parse_qsl(parts.query))
    if not is_loopback_host(query.get("host", host)):
        query.setdefault("sslmode", "require")
    auth = f"{quote(login_role, safe='')}:{quote(password, safe='')}"
    netloc = f"{auth}@[{host}]" if ":" in host else f"{auth}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    return _checked(urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), "")), base_url)


def gateway_backend_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in REST_SCHEMES:
        raise EnrolError(f"--backend-url {base_url!r}: --via gateway needs the gateway's https:// RPC base")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise EnrolError(f"--backend-url {base_url!r}: a remote gateway needs https://")
    return _checked(base_url.rstrip("/"), base_url)


def _checked(url: str, given: str) -> str:
    """`url`, if a kiosk would accept it as its backend (never write a file it refuses)."""
    try:
        check_backend_security(url)
    except InsecureBackendError as exc:
        raise EnrolError(f"--backend-url {given!r}: {exc}") from None
    return url


def provisioning_text(credential: devices.Credential, backend_url: str) -> str:
    settings = {"device_id": credential.device_id}
    if credential.kind == "postgres":
        settings["backend_url"] = device_backend_url(backend_url, credential.login_role or "",
                                                     credential.secret)
    else:
        settings["backend_url"] = gateway_backend_url(backend_url)
        settings["backend_api_key"] = credential.secret
    header = (f"# Festival Kiosk provisioning for device {credential.device_id}: holds its "
              "credential, keep it secret.\n# festival-kiosk --provision THIS_FILE\n")
    return header + tomli_w.dumps(settings)


def write_secret_file(path: Path, data: bytes) -> None:
    """Write a file only its owner can read, replacing any file there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def cmd_enrol(args: argparse.Namespace) -> list[str]:
    # check what can be checked before a credential is replaced
    if args.via == "postgres":
        device_backend_url(args.backend_url, "x", "x")
    else:
        gateway_backend_url(args.backend_url)
    with psycopg.connect(args.database_url) as conn:
        try:
            if args.via == "postgres":
                credential = devices.enrol_postgres(conn, args.device_id)
            else:
                credential = devices.enrol_gateway(conn, args.device_id)
            text = provisioning_text(credential, args.backend_url)
            write_secret_file(Path(args.out), text.encode())
            if args.qr:
                segno.make(text, error="m").save(args.qr, scale=4, border=4)
                os.chmod(args.qr, 0o600)
        except BaseException:
            conn.rollback()
            raise
    lines = [f"enrolled {args.device_id} via {args.via}: a new credential; the previous one no longer works",
             f"  provisioning file: {args.out} (mode 0600)"]
    if args.qr:
        lines.append(f"  QR code: {args.qr}")
    lines += [f"  warning: {w}" for w in credential.warnings]
    return lines


def cmd_revoke(args: argparse.Namespace) -> list[str]:
    with psycopg.connect(args.database_url) as conn:
        ended = devices.revoke(conn, args.device_id)
    return [f"revoked {args.device_id}: credential dead, device disabled, {ended} connection(s) ended"]


def format_listing(rows: list[devices.DeviceListing], beats: dict[str, fleet.DeviceHeartbeat]) -> list[str]:
    """One line per device: what it is, its credential, and what its last heartbeat said
    (flagged SILENT after five minutes without one)."""
    beat_header = ("heartbeat", "version", "backlog", "oldest pending", "conflicts", "reader", "logged in")
    header = ("device", "role", "assignment", "enabled", "credential", "last seen", "connections",
              *beat_header)
    table = [header]
    for r in rows:
        beat = beats.get(r.device_id)
        columns = fleet.heartbeat_columns(beat) if beat is not None else {}
        table.append((
            r.device_id, r.role, r.assignment or "-", "yes" if r.enabled else "no",
            r.credential_kind or "none",
            r.last_seen_at.strftime("%Y-%m-%d %H:%M:%S") if r.last_seen_at else "never", str(r.connections),
            *(columns.get(name, "-") for name in beat_header),
        ))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in table]


def cmd_list(args: argparse.Namespace) -> list[str]:
    with psycopg.connect(args.database_url) as conn:
        beats = {beat.device_id: beat for beat in fleet.device_heartbeats(conn)}
        return format_listing(devices.list_devices(conn), beats)


def cmd_watchdog(args: argparse.Namespace) -> list[str]:
    """Runs until SIGTERM or Ctrl-C; prints each session it ends."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"watchdog: ending device sessions idle in a transaction for more than {args.idle_limit_s:g} s",
          flush=True)
    try:
        while not stop.is_set():
            with psycopg.connect(args.database_url, autocommit=True) as conn:
                while not stop.is_set():
                    for login, pid in devices.end_idle_device_transactions(conn, args.idle_limit_s):
                        print(f"{time.strftime('%H:%M:%S')} ended {login} (pid {pid})", flush=True)
                    stop.wait(args.interval_s)
    except KeyboardInterrupt:
        pass
    return ["watchdog stopped."]


def register(sub: argparse._SubParsersAction, add_url) -> None:
    """Add `devices …` and `watchdog` to festival-admin's parser."""
    group = sub.add_parser("devices", help="enrol, revoke and list kiosk devices")
    dsub = group.add_subparsers(dest="devices_command", required=True)
    p = dsub.add_parser("enrol", help="a new credential for a device, and its provisioning file")
    p.add_argument("device_id")
    p.add_argument("--via", choices=("postgres", "gateway"), required=True)
    p.add_argument("--backend-url", required=True,
                   help="postgresql://host:port/db (via postgres) or https://host/rpc (via gateway)")
    p.add_argument("--out", required=True, help="where to write the provisioning file")
    p.add_argument("--qr", help="also write it as a QR code (PNG)")
    add_url(p)
    p.set_defaults(func=cmd_enrol)
    p = dsub.add_parser("revoke", help="at once: credential dead, connections ended, device disabled")
    p.add_argument("device_id")
    add_url(p)
    p.set_defaults(func=cmd_revoke)
    p = dsub.add_parser("list", help="every device: role, assignment, credential, last seen")
    add_url(p)
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("watchdog", help="end device sessions idle in a transaction past the limit")
    p.add_argument("--idle-limit-s", type=float, default=15.0)
    p.add_argument("--interval-s", type=float, default=5.0)
    add_url(p)
    p.set_defaults(func=cmd_watchdog)
