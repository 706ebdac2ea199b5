"""The TLS rule: a backend that is not on this machine needs https:// or a PostgreSQL sslmode
that encrypts, unless `insecure_backend = true`; loopback and Unix sockets are exempt.
make_backend, the settings and provisioning refuse the same URLs, naming the key."""

from __future__ import annotations

import pytest

from kiosk.provision import ProvisionError, settings_for_kiosk
from kiosk.settings import Settings, SettingsError
from sync.backend import InsecureBackendError, PostgresBackend, RestBackend, make_backend

REFUSED = [
    "http://pay.example.org/rpc",
    "http://10.0.0.5:8080/rpc",
    "http://[2001:db8::1]/rpc",
    "postgresql://kiosk:pw@db.festival.lan/festival",
    "postgresql://kiosk:pw@db.festival.lan/festival?sslmode=prefer",
    "postgresql://kiosk:pw@db.festival.lan/festival?sslmode=disable",
    "postgresql://kiosk@127.0.0.1,db.festival.lan/festival",
]
ALLOWED = [
    "https://pay.example.org/rpc",
    "https://x.supabase.co/rest/v1/rpc",
    "http://127.0.0.1:8080/rpc",
    "http://127.8.9.10/rpc",
    "http://localhost:8080/rpc",
    "http://[::1]:8080/rpc",
    "postgresql://kiosk@localhost/festival",
    "postgresql://kiosk@127.0.0.1:5432/festival",
    "postgresql://kiosk@%2Fvar%2Frun%2Fpostgresql/festival",
    "postgresql:///festival",
    "postgresql://kiosk@db.festival.lan/festival?sslmode=require",
    "postgresql://kiosk@db.festival.lan/festival?sslmode=verify-full",
]


@pytest.mark.parametrize("url", REFUSED)
def test_a_remote_backend_without_tls_is_refused_everywhere(url, tmp_path):
    with pytest.raises(InsecureBackendError, match="insecure_backend"):
        make_backend(url, "token")
    with pytest.raises(SettingsError, match=r"^backend_url: .*insecure_backend = true"):
        Settings(backend_url=url, device_id="kiosk-bar-1")
    with pytest.raises(ProvisionError, match="insecure_backend"):
        settings_for_kiosk({"backend_url": url, "device_id": "kiosk-bar-1"})


@pytest.mark.parametrize("url", REFUSED)
def test_the_override_allows_it_and_can_be_read_from_the_settings(url):
    settings = Settings(backend_url=url, device_id="kiosk-bar-1", insecure_backend=True)
    assert settings.insecure_backend is True
    backend = make_backend(url, "token", insecure_backend=True)
    assert isinstance(backend, PostgresBackend | RestBackend)
    backend.close()
    assert Settings(backend_url="https://pay.example.org/rpc").insecure_backend is False


@pytest.mark.parametrize("url", ALLOWED)
def test_tls_and_loopback_backends_are_accepted(url):
    assert Settings(backend_url=url, device_id="kiosk-bar-1").backend_url == url
    make_backend(url, "token").close()


def test_a_provisioned_ca_means_verify_full(tmp_path):
    ca = tmp_path / "festival-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    remote = "postgresql://kiosk@db.festival.lan/festival"
    with pytest.raises(SettingsError, match="verify-full"):
        Settings(backend_url=remote + "?sslmode=require", backend_ca_file=str(ca))
    Settings(backend_url=remote + "?sslmode=verify-full", backend_ca_file=str(ca))
    backend = make_backend(remote, ca_file=str(ca))  # no sslmode given: verify-full is set
    assert "sslmode=verify-full" in backend.url and f"sslrootcert={ca}" in backend.url
    backend.close()
    with pytest.raises(SettingsError, match=r"^backend_ca_file: .* is not a file"):
        Settings(backend_url=remote + "?sslmode=verify-full", backend_ca_file=str(tmp_path / "missing.pem"))
