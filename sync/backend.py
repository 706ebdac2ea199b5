"""One interface, two transports: the `Backend` protocol (what the kiosk needs from any
backend), `BackendResult`, `PostgresBackend`, `RestBackend`, and `make_backend(url)` which
picks the transport from the URL scheme (`POSTGRES_SCHEMES`, `REST_SCHEMES`: the one list of
them, used by the settings, provisioning and the admin tools too).

The TLS rule lives here too (`check_backend_security`), so that the settings, provisioning
and the wizard refuse what `make_backend` would refuse: a backend that is not on this machine
needs `https://` (REST) or `sslmode=require|verify-ca|verify-full` (PostgreSQL; verify-full
when a CA file is provisioned) unless `insecure_backend` says otherwise. Loopback
(127.0.0.0/8, ::1, localhost) and Unix sockets are exempt.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

import psycopg

from sync.pg_backend import PostgresBackend
from sync.rest_backend import RestBackend
from sync.result import BackendResult

__all__ = [
    "POSTGRES_SCHEMES",
    "POSTGRES_URL_PREFIXES",
    "REST_SCHEMES",
    "Backend",
    "BackendResult",
    "InsecureBackendError",
    "PostgresBackend",
    "RestBackend",
    "check_backend_security",
    "make_backend",
]

POSTGRES_SCHEMES = ("postgresql", "postgres")
REST_SCHEMES = ("http", "https")
POSTGRES_URL_PREFIXES = tuple(f"{scheme}://" for scheme in POSTGRES_SCHEMES)  # as libpq spells them
TLS_SSLMODES = frozenset({"require", "verify-ca", "verify-full"})


@runtime_checkable
class Backend(Protocol):
    """What the kiosk needs from a backend: call a contract function with named arguments."""

    def call(self, function: str, args: dict, *, timeout_s: float | None = None) -> BackendResult:
        """Call `function(name => value, ...)`; never raises for network or SQL errors."""
        ...

    def call_many(
        self, calls: Sequence[tuple[str, dict]], *, timeout_s: float | None = None
    ) -> list[BackendResult]:
        """Call several functions in order, as fast as the transport allows."""
        ...

    def close(self) -> None: ...


class InsecureBackendError(ValueError):
    """The backend URL would send money calls over an unencrypted network connection."""


def is_loopback_host(host: str | None) -> bool:
    """True for a host on this machine: empty (the default Unix socket), a socket directory,
    localhost, 127.0.0.0/8, ::1."""
    if not host:
        return True
    host = host.strip().strip("[]")
    if host.startswith(("/", "@")):
        return True
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def backend_scheme(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def check_backend_security(url: str, *, insecure: bool = False, ca_file: str | None = None) -> None:
    """InsecureBackendError unless `url` is loopback, uses TLS, or `insecure` is set."""
    if insecure:
        return
    scheme = backend_scheme(url)
    if scheme in REST_SCHEMES:
        if scheme == "http" and not is_loopback_host(urlsplit(url).hostname):
            raise InsecureBackendError(
                f"{urlsplit(url).hostname} is not this machine: use https:// "
                "(or set insecure_backend = true)"
            )
        return
    if scheme in POSTGRES_SCHEMES:
        try:
            params = psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise InsecureBackendError(f"not a valid PostgreSQL URL: {exc}") from None
        hosts = str(params.get("host") or params.get("hostaddr") or "").split(",")
        if all(is_loopback_host(h) for h in hosts):
            return
        sslmode = str(params.get("sslmode") or "")
        if ca_file and sslmode not in ("", "verify-full"):
            raise InsecureBackendError(
                f"with a CA file (backend_ca_file) the URL needs sslmode=verify-full, not {sslmode!r}"
            )
        if not ca_file and sslmode not in TLS_SSLMODES:
            raise InsecureBackendError(
                f"{','.join(hosts)} is not this machine: add sslmode=require to the URL "
                "(verify-full with backend_ca_file), or set insecure_backend = true"
            )


def make_backend(
    url: str,
    api_key: str | None = None,
    *,
    insecure_backend: bool = False,
    ca_file: str | None = None,
    **options: object,
) -> Backend:
    """postgresql://... -> PostgresBackend; http(s)://... -> RestBackend (with `api_key`
    as the apikey and bearer token; None for an open PostgREST). Refuses a backend that is
    not loopback without TLS unless `insecure_backend` (InsecureBackendError). With
    `ca_file`, PostgreSQL verifies the server against it (sslmode=verify-full) and REST
    verifies the certificate with it.

    `options` go to the transport (e.g. timeout_s=3.0, prepare_threshold=None)."""
    if not isinstance(url, str) or not url.strip():
        raise ValueError("no backend URL configured")
    url = url.strip()
    scheme = backend_scheme(url)
    if scheme not in POSTGRES_SCHEMES + REST_SCHEMES:
        raise ValueError(f"unsupported backend URL {url!r}: expected postgresql://... or https://...")
    check_backend_security(url, insecure=insecure_backend, ca_file=ca_file)
    if scheme in POSTGRES_SCHEMES:
        if ca_file and not insecure_backend:
            url = psycopg.conninfo.make_conninfo(url, sslmode="verify-full", sslrootcert=ca_file)
        return PostgresBackend(url, **options)  # type: ignore[arg-type]
    return RestBackend(url, api_key, ca_file=ca_file, **options)  # type: ignore[arg-type]
