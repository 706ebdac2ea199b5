"""The setup wizard's state: backend, device, card reader, offline limits (Qt-free).

Pages and what each needs before "Next":
- backend: the screens' language (`set_language`, optional: the wizard switches at once),
  the embedded demo, a PostgreSQL URL or a REST URL plus key, and a connection test that got
  an answer from the backend (`probe_backend`);
- device: a device id the backend knows and has enabled (`query_device` → sp_device_config);
  its role and point of sale come from that answer, there is no list of devices to pick from;
- reader: a reader path (the live "tap a card now" test is offered, not required);
- summary: the event's offline limits and the offline recharge switches; finish saves.
The screen runs the blocking checks off the GUI thread and reports back here. What stops a
page is a `Problem` (a `WizardProblem` code, the value it concerns and the library's own text
as `detail`); the screen words it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.device_check import DEMO_DEVICE_IDS, DeviceCheck
from kiosk.languages import LANGUAGES
from kiosk.settings import (
    EMBEDDED_DEMO,
    Settings,
    SettingsError,
    backend_kind,
)

if TYPE_CHECKING:
    from sync.config import DeviceConfig, EventSettings


class BackendChoice(enum.Enum):
    EMBEDDED = "embedded"
    POSTGRES = "postgres"
    REST = "rest"


# Reader paths offered on the reader page, before any detected nfcpy device (the screen
# describes each).
READER_CHOICES: tuple[str, ...] = ("sim", "wedge", "usb")


class WizardProblem(enum.StrEnum):
    """Why a page cannot go on (or a provisioning file cannot be used)."""

    NOT_PROVISIONING_FILE = "not_provisioning_file"  # detail: the TOML parser's message
    PROVISIONING_UNUSABLE = "provisioning_unusable"  # detail: kiosk.provision's message
    PROVISIONING_NO_SERVER = "provisioning_no_server"
    NO_BACKEND_ADDRESS = "no_backend_address"
    BAD_BACKEND_ADDRESS = "bad_backend_address"  # detail: the settings' message
    WRONG_SCHEME = "wrong_scheme"  # value: the scheme the choice needs ("postgresql://")
    NO_API_KEY = "no_api_key"
    NO_DEVICE_ID = "no_device_id"
    BAD_DEVICE_ID = "bad_device_id"  # detail: the settings' message
    BACKEND_NOT_TESTED = "backend_not_tested"
    BAD_READER = "bad_reader"  # detail: the settings' message


@dataclass(frozen=True)
class Problem:
    """A `WizardProblem` with what it concerns; no words."""

    code: WizardProblem
    value: str = ""
    detail: str = ""


@dataclass(frozen=True)
class ProbeBackend:
    """Command: check that the backend answers (start the embedded server first if asked)."""

    choice: BackendChoice
    url: str  # "" for the embedded demo: the screen starts it and then has the URL
    api_key: str


@dataclass(frozen=True)
class QueryDevice:
    """Command: call sp_device_config for device_id at url."""

    url: str
    api_key: str
    device_id: str


class WizardController:
    """What the person chose so far and what the backend said about it."""

    def __init__(self, initial: Settings | None = None) -> None:
        self.initial = initial or Settings()
        kind = backend_kind(self.initial.backend_url) if self.initial.backend_url else ""
        self.choice = {
            "postgres": BackendChoice.POSTGRES, "rest": BackendChoice.REST,
        }.get(kind, BackendChoice.EMBEDDED)
        self.postgres_url = self.initial.backend_url if kind == "postgres" else ""
        self.rest_url = self.initial.backend_url if kind == "rest" else ""
        self.api_key = self.initial.backend_api_key
        self.device_id = self.initial.device_id or (
            DEMO_DEVICE_IDS[0] if self.choice is BackendChoice.EMBEDDED else ""
        )
        self.reader = self.initial.reader
        self.language = self.initial.language  # "" = the system's
        self.offline_cash_recharge = self.initial.offline_cash_recharge
        self.offline_card_recharge = self.initial.offline_card_recharge
        self.embedded_url: str | None = None  # the running embedded server's kiosk URL
        self.probe: DeviceCheck | None = None
        self.device_check: DeviceCheck | None = None
        self.last_tap_uid: str | None = None

    # -- backend page ---------------------------------------------------------------------
    def set_language(self, code: str) -> bool:
        """Choose the screens' language (a kiosk.languages.LANGUAGES code); False, and nothing
        changes, for a code the kiosk has no words for."""
        if code not in LANGUAGES:
            return False
        self.language = code
        return True

    @property
    def backend_url(self) -> str:
        """The backend_url setting for the current choice."""
        if self.choice is BackendChoice.EMBEDDED:
            return EMBEDDED_DEMO
        if self.choice is BackendChoice.POSTGRES:
            return self.postgres_url.strip()
        return self.rest_url.strip()

    def set_backend(self, choice: BackendChoice, url: str = "", api_key: str = "") -> None:
        """Record the backend page's fields; a change forgets earlier test results."""
        before = (self.choice, self.backend_url, self.api_key)
        self.choice = choice
        if choice is BackendChoice.POSTGRES:
            self.postgres_url = url
        elif choice is BackendChoice.REST:
            self.rest_url = url
        self.api_key = api_key.strip() if choice is BackendChoice.REST else ""
        if (self.choice, self.backend_url, self.api_key) != before:
            self.probe = None
            self.device_check = None
        if not self.initial.device_id:  # the demo id was our suggestion, not their choice
            if choice is BackendChoice.EMBEDDED and not self.device_id:
                self.device_id = DEMO_DEVICE_IDS[0]
            elif choice is not BackendChoice.EMBEDDED and self.device_id in DEMO_DEVICE_IDS:
                self.device_id = ""

    def use_provisioning(self, text: str) -> Problem | None:
        """Take the backend, its key and the device id from a provisioning file's text (what
        `festival-admin devices enrol --out` writes, its QR code's content, or the same
        pasted). Returns None, or why it cannot be used (nothing changes then)."""
        import tomllib

        from kiosk.provision import ProvisionError, settings_for_kiosk

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            return Problem(WizardProblem.NOT_PROVISIONING_FILE, detail=str(exc))
        try:
            settings, _, _ = settings_for_kiosk(data)
        except ProvisionError as exc:
            return Problem(WizardProblem.PROVISIONING_UNUSABLE, detail=str(exc))
        kind = backend_kind(settings.backend_url)
        choice = {"postgres": BackendChoice.POSTGRES, "rest": BackendChoice.REST}.get(kind)
        if choice is None:
            return Problem(WizardProblem.PROVISIONING_NO_SERVER)
        self.set_backend(choice, settings.backend_url, settings.backend_api_key)
        self.device_id = settings.device_id
        self.device_check = None
        return None

    def backend_problem(self) -> Problem | None:
        """Why the backend fields cannot be tested yet, or None."""
        if self.choice is not BackendChoice.EMBEDDED and not self.backend_url:
            return Problem(WizardProblem.NO_BACKEND_ADDRESS)
        try:
            Settings(backend_url=self.backend_url)
        except SettingsError as exc:
            return Problem(WizardProblem.BAD_BACKEND_ADDRESS,
                           detail=str(exc).removeprefix("backend_url: "))
        if backend_kind(self.backend_url) != self.choice.value:
            expected = {"postgres": "postgresql://", "rest": "https://"}[self.choice.value]
            return Problem(WizardProblem.WRONG_SCHEME, value=expected)
        if self.choice is BackendChoice.REST and not self.api_key:
            return Problem(WizardProblem.NO_API_KEY)
        return None

    def probe_command(self) -> ProbeBackend | None:
        if self.backend_problem() is not None:
            return None
        url = "" if self.choice is BackendChoice.EMBEDDED else self.backend_url
        return ProbeBackend(self.choice, url, self.api_key)

    def probe_finished(self, check: DeviceCheck, embedded_url: str | None = None) -> None:
        if embedded_url is not None:
            self.embedded_url = embedded_url
        self.probe = check

    @property
    def backend_ok(self) -> bool:
        return self.probe is not None and self.probe.ok

    def connection_url(self) -> str | None:
        """The URL to call: the embedded server's once started, else the backend URL."""
        if self.choice is BackendChoice.EMBEDDED:
            return self.embedded_url
        return self.backend_url or None

    # -- device page ----------------------------------------------------------------------
    def suggested_device_ids(self) -> tuple[str, ...]:
        """Device ids to offer: the demo set's for the embedded demo, else the ones known here
        (the current one, e.g. from a provisioning file, and the settings' one)."""
        if self.choice is BackendChoice.EMBEDDED:
            return DEMO_DEVICE_IDS
        # a device login proves one device only and no contract function lists the others:
        # offer what is known here (a provisioning file's id, the settings' id)
        return tuple(dict.fromkeys(i for i in (self.device_id, self.initial.device_id) if i))

    def set_device_id(self, device_id: str) -> None:
        device_id = device_id.strip()
        if device_id != self.device_id:
            self.device_id = device_id
            self.device_check = None

    def device_problem(self) -> Problem | None:
        if not self.device_id:
            return Problem(WizardProblem.NO_DEVICE_ID)
        try:
            Settings(device_id=self.device_id)
        except SettingsError as exc:
            return Problem(WizardProblem.BAD_DEVICE_ID, value=self.device_id, detail=str(exc))
        if self.connection_url() is None:
            return Problem(WizardProblem.BACKEND_NOT_TESTED)
        return None

    def device_command(self) -> QueryDevice | None:
        url = self.connection_url()
        if self.device_problem() is not None or url is None:
            return None
        return QueryDevice(url, self.api_key, self.device_id)

    def device_finished(self, check: DeviceCheck) -> None:
        self.device_check = check

    @property
    def device_ok(self) -> bool:
        check = self.device_check
        return check is not None and check.ok and check.config.device_id == self.device_id

    @property
    def device_config(self) -> DeviceConfig | None:
        check = self.device_check
        return check.config if self.device_ok and check is not None else None

    # -- reader page ----------------------------------------------------------------------
    def set_reader(self, spec: str) -> None:
        spec = spec.strip()
        if spec != self.reader:
            self.reader = spec
            self.last_tap_uid = None

    def reader_problem(self) -> Problem | None:
        try:
            Settings(reader=self.reader)
        except SettingsError as exc:
            return Problem(WizardProblem.BAD_READER, value=self.reader, detail=str(exc))
        return None

    def tap_seen(self, uid: str) -> None:
        self.last_tap_uid = uid

    # -- summary page ---------------------------------------------------------------------
    @property
    def event(self) -> EventSettings | None:  # the offline limits to show
        config = self.device_config
        return config.event if config is not None else None

    def set_offline_recharge(self, cash: bool, card: bool) -> None:
        self.offline_cash_recharge = cash
        self.offline_card_recharge = card

    def build_settings(self) -> Settings:
        """The settings to save: the wizard's choices over the initial (other keys kept)."""
        if not self.backend_ok or not self.device_ok:
            raise SettingsError("the backend and the device must be checked before saving")
        return self.initial.replace(
            backend_url=self.backend_url,
            backend_api_key=self.api_key,
            device_id=self.device_id,
            reader=self.reader,
            language=self.language,
            offline_cash_recharge=self.offline_cash_recharge,
            offline_card_recharge=self.offline_card_recharge,
        )
