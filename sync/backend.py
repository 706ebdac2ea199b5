"""One interface, two transports: `Backend`, `BackendResult`, `PostgresBackend`,
`RestBackend`, and `make_backend(url)` which picks the transport from the URL."""

from __future__ import annotations

from sync.pg_backend import PostgresBackend
from sync.rest_backend import RestBackend
from sync.result import Backend, BackendResult

__all__ = ["Backend", "BackendResult", "PostgresBackend", "RestBackend", "make_backend"]


def make_backend(url: str, api_key: str | None = None, **options: object) -> Backend:
    """postgresql://... -> PostgresBackend; http(s)://... -> RestBackend (with `api_key`
    as the apikey and bearer token; None for an open PostgREST).

    `options` go to the transport (e.g. timeout_s=3.0, prepare_threshold=None)."""
    if not isinstance(url, str) or not url.strip():
        raise ValueError("no backend URL configured")
    url = url.strip()
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        return PostgresBackend(url, **options)  # type: ignore[arg-type]
    if scheme in ("http", "https"):
        return RestBackend(url, api_key, **options)  # type: ignore[arg-type]
    raise ValueError(f"unsupported backend URL {url!r}: expected postgresql://... or https://...")
