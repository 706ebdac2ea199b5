"""The kiosk's settings: one typed declaration, loaded from and saved to a TOML file.

Every setting is declared once, as a field of `Settings` carrying its key, default, type
and description (the field's metadata); `SETTINGS_SPEC` is derived from it and is what the
wizard, provisioning and the docs read. The file lives under platformdirs
(`user_config_path("festival-kiosk")/config.toml`) unless `--config FILE` or the
`FESTIVAL_KIOSK_CONFIG` environment variable names another one. Only values that differ
from the defaults are written, so a newer release can change a default that a kiosk never
chose. Bad values raise `SettingsError` with a message that names the key and the problem.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs
import tomli_w

from kiosk.languages import LANGUAGES
from kiosk.nfc.factory import check_reader_spec

log = logging.getLogger(__name__)

APP_NAME = "festival-kiosk"
CONFIG_ENV_VAR = "FESTIVAL_KIOSK_CONFIG"
EMBEDDED_DEMO = "embedded-demo"


class SettingsError(ValueError):
    """A configuration value or file is unusable; the message says which and why."""


def _setting(default: Any, description: str, *, minimum: float | None = None,
             maximum: float | None = None, secret: bool = False) -> Any:
    return field(
        default=default,
        metadata={"description": description, "minimum": minimum, "maximum": maximum,
                  "secret": secret},
    )


@dataclass(frozen=True)
class Settings:
    """Everything a kiosk needs to start. Construct it with keywords; values are validated."""

    backend_url: str = _setting(
        "",
        "Where the backend is: 'embedded-demo' (a local demo server), a PostgreSQL URL "
        "(postgresql://user:password@host/db) or a REST-RPC URL (https://...). "
        "Empty means not configured yet.",
        secret=True,
    )
    backend_api_key: str = _setting(
        "", "API key sent to a REST-RPC backend (unused for PostgreSQL URLs).", secret=True
    )
    insecure_backend: bool = _setting(
        False,
        "Allow a backend that is not on this machine without TLS (http://, or PostgreSQL "
        "without sslmode=require). Shown on the status bar at all times when set.",
    )
    backend_ca_file: str = _setting(
        "",
        "PEM file of the certificate authority that signed the backend's certificate; "
        "PostgreSQL then uses sslmode=verify-full. Empty: the system's authorities.",
    )
    device_id: str = _setting(
        "", "This kiosk's device id as registered in the backend (e.g. kiosk-bar-1)."
    )
    reader: str = _setting(
        "sim",
        "Card reader: 'sim' (simulated), 'wedge' (keyboard wedge), 'usb', 'usb:VID:PID', "
        "'tty:USB0:pn532' or 'udp:host:port' (nfcpy paths).",
    )
    debounce_s: float = _setting(
        1.5, "Seconds during which a second tap of the same card is ignored.",
        minimum=0.0, maximum=30.0,
    )
    request_timeout_s: float = _setting(
        3.0, "Seconds to wait for the backend before deciding offline.",
        minimum=0.1, maximum=60.0,
    )
    result_clear_s: float = _setting(
        4.0, "Seconds a payment result stays on screen.", minimum=0.5, maximum=60.0
    )
    auto_logout_s: int = _setting(
        300, "Seconds of inactivity before staff are logged out (0 = never).",
        minimum=0, maximum=86400,
    )
    kiosk_mode: bool = _setting(False, "Full screen without a window frame.")
    mute: bool = _setting(False, "No success and failure sounds.")
    language: str = _setting(
        "",
        "Language of the screens: 'en', 'de' or 'fr'. Empty: the system's language when the "
        "kiosk has it, else English.",
    )
    font_scale: float = _setting(
        1.0, "Factor applied to every font size.", minimum=0.5, maximum=3.0
    )
    offline_cash_recharge: bool = _setting(
        True, "Accept cash recharges while the backend is unreachable (queued)."
    )
    offline_card_recharge: bool = _setting(
        False, "Accept card-payment recharges while the backend is unreachable (queued)."
    )
    outbox_path: str = _setting(
        "", "SQLite file of the local outbox; empty means the default under the user data "
        "directory.",
    )

    def __post_init__(self) -> None:
        for spec in SETTINGS_SPEC_BY_KEY.values():
            object.__setattr__(self, spec.key, spec.coerce(getattr(self, spec.key)))
        _check_backend_url(self.backend_url)
        _check_backend_security(self.backend_url, self.insecure_backend, self.backend_ca_file)
        try:
            check_reader_spec(self.reader)
        except ValueError as exc:
            raise SettingsError(f"reader: {exc}") from None
        if self.language and self.language not in LANGUAGES:
            raise SettingsError(f"language: {self.language!r} is not one of "
                                f"{', '.join(LANGUAGES)} (or empty for the system's)")
        if any(ch.isspace() for ch in self.device_id):
            raise SettingsError(f"device_id: {self.device_id!r} must not contain spaces")

    @property
    def is_configured(self) -> bool:
        """True when the kiosk knows its backend and its device id."""
        return bool(self.backend_url) and bool(self.device_id)

    @property
    def is_embedded_demo(self) -> bool:
        return self.backend_url == EMBEDDED_DEMO

    def resolved_outbox_path(self) -> Path:
        """The outbox file to open: `outbox_path`, or the default under the user data dir."""
        if self.outbox_path:
            return Path(self.outbox_path).expanduser()
        return default_data_dir() / "outbox.sqlite3"

    def non_default_values(self) -> dict[str, Any]:
        """The values that differ from the declared defaults (what `save_settings` writes)."""
        return {
            spec.key: getattr(self, spec.key)
            for spec in SETTINGS_SPEC
            if getattr(self, spec.key) != spec.default
        }

    def replace(self, **changes: Any) -> Settings:
        """A copy with some values changed (validated like a new one)."""
        unknown = set(changes) - set(SETTINGS_SPEC_BY_KEY)
        if unknown:
            raise SettingsError(_unknown_keys_message(sorted(unknown)))
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class SettingSpec:
    """One declared setting: its key, default, Python type and human description."""

    key: str
    default: Any
    type: type
    description: str
    minimum: float | None = None
    maximum: float | None = None
    secret: bool = False

    def coerce(self, value: Any) -> Any:
        """Check `value` against the declared type and range; return it in that type."""
        expected = self.type
        if expected is bool:
            if not isinstance(value, bool):
                raise SettingsError(
                    f"{self.key}: expected true or false, got {_describe(value)}"
                )
        elif expected is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise SettingsError(
                    f"{self.key}: expected a whole number, got {_describe(value)}"
                )
        elif expected is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SettingsError(f"{self.key}: expected a number, got {_describe(value)}")
            value = float(value)
            if value != value:  # NaN
                raise SettingsError(f"{self.key}: expected a number, got NaN")
        elif expected is str and not isinstance(value, str):
            raise SettingsError(f"{self.key}: expected text, got {_describe(value)}")
        if self.minimum is not None and value < self.minimum:
            raise SettingsError(f"{self.key}: {value} is below the minimum {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise SettingsError(f"{self.key}: {value} is above the maximum {self.maximum:g}")
        return value


_TYPES = {"str": str, "int": int, "float": float, "bool": bool}

SETTINGS_SPEC: tuple[SettingSpec, ...] = tuple(
    SettingSpec(
        key=f.name,
        default=f.default,
        type=_TYPES[f.type] if isinstance(f.type, str) else f.type,
        description=f.metadata["description"],
        minimum=f.metadata["minimum"],
        maximum=f.metadata["maximum"],
        secret=f.metadata["secret"],
    )
    for f in dataclasses.fields(Settings)
)
SETTINGS_SPEC_BY_KEY: Mapping[str, SettingSpec] = {s.key: s for s in SETTINGS_SPEC}


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _unknown_keys_message(keys: list[str]) -> str:
    parts = []
    for key in keys:
        close = difflib.get_close_matches(key, list(SETTINGS_SPEC_BY_KEY), n=1)
        parts.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return "unknown setting " + ", ".join(parts)


def _check_backend_url(url: str) -> None:
    from sync.backend import POSTGRES_SCHEMES, REST_SCHEMES

    if url in ("", EMBEDDED_DEMO):
        return
    hint = (
        f"backend_url: {url!r} is not usable; use '{EMBEDDED_DEMO}', "
        "postgresql://user:password@host/database or https://host/rpc"
    )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise SettingsError(f"{hint} ({exc})") from None
    if parts.scheme in POSTGRES_SCHEMES:
        return
    if parts.scheme in REST_SCHEMES:
        if not parts.hostname:
            raise SettingsError(f"{hint} (no host name)")
        return
    raise SettingsError(hint)


def _check_backend_security(url: str, insecure: bool, ca_file: str) -> None:
    """The TLS rule of sync.backend (what make_backend refuses, the settings refuse)."""
    from sync.backend import InsecureBackendError, check_backend_security

    if ca_file and not Path(ca_file).expanduser().is_file():
        raise SettingsError(f"backend_ca_file: {ca_file!r} is not a file")
    if url in ("", EMBEDDED_DEMO):
        return
    try:
        check_backend_security(url, insecure=insecure, ca_file=ca_file or None)
    except InsecureBackendError as exc:
        raise SettingsError(f"backend_url: {exc}") from None


def backend_kind(url: str) -> str:
    """'embedded', 'postgres', 'rest' or '' for a (valid) backend_url."""
    from sync.backend import POSTGRES_SCHEMES, REST_SCHEMES

    if url == EMBEDDED_DEMO:
        return "embedded"
    scheme = urlsplit(url).scheme
    if scheme in POSTGRES_SCHEMES:
        return "postgres"
    if scheme in REST_SCHEMES:
        return "rest"
    return ""


def settings_from_dict(data: Mapping[str, Any], *, strict: bool = False) -> Settings:
    """Build Settings from plain values (a parsed TOML table); missing keys take defaults.

    Unknown keys are an error when `strict` (provisioning), otherwise a logged warning so
    a file written by a newer release still loads.
    """
    unknown = sorted(set(data) - set(SETTINGS_SPEC_BY_KEY))
    if unknown:
        message = _unknown_keys_message(unknown)
        if strict:
            raise SettingsError(message)
        log.warning("ignoring %s", message)
    return Settings(**{k: v for k, v in data.items() if k in SETTINGS_SPEC_BY_KEY})


def default_config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def default_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_config_path() -> Path:
    """The config file: $FESTIVAL_KIOSK_CONFIG if set, else config.toml in the config dir."""
    override = os.environ.get(CONFIG_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return default_config_dir() / "config.toml"


def resolve_config_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """`--config FILE` if given, else `default_config_path()`."""
    return Path(cli_value).expanduser() if cli_value else default_config_path()


def load_settings(path: Path | None = None, *, strict: bool = False) -> Settings | None:
    """Read the config file; None when it does not exist (first start: run the wizard)."""
    path = Path(path) if path is not None else default_config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SettingsError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from None
    try:
        return settings_from_dict(data, strict=strict)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from None


_HEADER = (
    "# Festival Kiosk configuration, written by the kiosk.\n"
    "# Only values that differ from the defaults are listed; see kiosk/settings.py for all.\n"
)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the non-default values atomically (mode 0600: it may hold a password)."""
    path = Path(path) if path is not None else default_config_path()
    text = _HEADER + tomli_w.dumps(settings.non_default_values())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as tmp:
                tmp.write(text)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.chmod(tmp_name, 0o600)
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SettingsError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
