"""`festival-admin devices enrol|revoke|list`: the provisioning file a kiosk reads, its
credential working over a password-checked connection, revoke and the listing."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import psycopg
import pytest

from kiosk.provision import settings_for_kiosk
from sql.admin import main
from tests.sql.contract import call


@pytest.fixture
def new_bar(db) -> str:
    db.execute("INSERT INTO devices (device_id, name, role, point_of_sale_id)"
               " VALUES ('kiosk-bar-7', 'Bar kiosk 7', 'bar', 'bar-main')")
    return "kiosk-bar-7"


def enrol(db_url: str, pg_cluster, device: str, out: Path, *extra: str) -> int:
    base = f"postgresql://127.0.0.1:{pg_cluster.port}/{db_url.rsplit('/', 1)[1]}"
    return main(["devices", "enrol", device, "--via", "postgres", "--backend-url", base,
                 "--out", str(out), "--database-url", db_url, *extra])


def test_enrol_writes_a_secret_provisioning_file_whose_credential_works(db_url, pg_cluster, new_bar,
                                                                        tmp_path, capsys):
    out, qr = tmp_path / "kiosk.toml", tmp_path / "kiosk.png"
    assert enrol(db_url, pg_cluster, new_bar, out, "--qr", str(qr)) == 0
    assert "enrolled kiosk-bar-7 via postgres" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and qr.read_bytes()[:4] == b"\x89PNG"
    settings, _, _ = settings_for_kiosk(tomllib.loads(out.read_text()))
    assert settings.device_id == new_bar
    with psycopg.connect(settings.backend_url, autocommit=True) as kiosk:
        assert call(kiosk, "sp_device_config", p_device_id=new_bar)["success"] is True
    # a second enrolment: the first file's credential is dead
    assert enrol(db_url, pg_cluster, new_bar, tmp_path / "again.toml") == 0
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(settings.backend_url)


def test_revoke_and_list(db_url, pg_cluster, new_bar, tmp_path, capsys):
    out = tmp_path / "kiosk.toml"
    assert enrol(db_url, pg_cluster, new_bar, out) == 0
    assert main(["devices", "list", "--database-url", db_url]) == 0
    listing = capsys.readouterr().out
    assert "kiosk-bar-7" in listing and "postgres" in listing and "bar-main" in listing
    line = next(line for line in listing.splitlines() if line.startswith("kiosk-bar-7"))
    assert "never SILENT" in line  # no heartbeat yet
    assert main(["devices", "revoke", new_bar, "--database-url", db_url]) == 0
    assert "revoked kiosk-bar-7" in capsys.readouterr().out
    url = tomllib.loads(out.read_text())["backend_url"]
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url)


def test_enrol_of_an_unknown_device_or_a_bad_url_fails_clearly(db_url, pg_cluster, tmp_path, capsys):
    assert enrol(db_url, pg_cluster, "kiosk-nowhere", tmp_path / "x.toml") == 1
    assert "no device 'kiosk-nowhere'" in capsys.readouterr().err
    assert main(["devices", "enrol", "kiosk-bar-1", "--via", "gateway", "--backend-url",
                 "http://pay.example.org/rpc", "--out", str(tmp_path / "y.toml"),
                 "--database-url", db_url]) == 1
    assert "needs https://" in capsys.readouterr().err
    assert not (tmp_path / "x.toml").exists() and not (tmp_path / "y.toml").exists()


def test_enrol_never_writes_a_backend_url_the_kiosk_would_refuse(db, db_url, tmp_path, capsys):
    """A remote PostgreSQL URL gets sslmode=require; one that asks for no TLS is refused, as the
    kiosk's own TLS rule would refuse it, and no credential is replaced."""
    from sql.devices_cli import device_backend_url

    remote = device_backend_url("postgresql://db.example.org:5432/festival", "dev_x", "s3cret")
    assert "sslmode=require" in remote and "dev_x:s3cret@db.example.org:5432" in remote
    assert "sslmode" not in device_backend_url("postgresql://127.0.0.2/festival", "dev_x", "s3cret")
    issued = "SELECT credential_issued_at FROM devices WHERE device_id = 'kiosk-bar-1'"
    before = db.execute(issued).fetchone()
    assert main(["devices", "enrol", "kiosk-bar-1", "--via", "postgres", "--backend-url",
                 "postgresql://db.example.org/festival?sslmode=disable", "--out", str(tmp_path / "z.toml"),
                 "--database-url", db_url]) == 1
    assert "is not this machine" in capsys.readouterr().err and not (tmp_path / "z.toml").exists()
    assert db.execute(issued).fetchone() == before
