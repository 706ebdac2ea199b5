"""The setup wizard (QWizard): backend, device, card reader, offline limits, then save.

Shown on first start without a configuration and from the supervisor screen. The pages only
render `WizardController` state and forward what the person does; every blocking step
(starting the embedded demo server, calling sp_device_config, looking for USB readers) runs
off the GUI thread through `OpRunner`. The reader page runs the chosen reader in its own
`ReaderThread` for a live "tap a card now" test and stops it when the page is left.
Finishing writes the settings with `save_settings`; `result_settings()` returns them.
The first page also offers the screens' language: choosing one installs its words at once
(kiosk.ui.translator), and every page re-reads its words on the LanguageChange that follows.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kiosk.controllers.wizard import (
    READER_CHOICES,
    BackendChoice,
    ProbeBackend,
    Problem,
    QueryDevice,
    WizardController,
    WizardProblem,
)
from kiosk.device_check import (
    CheckStatus,
    DeviceCheck,
    probe_backend,
    query_device,
    start_embedded_demo,
)
from kiosk.languages import LANGUAGES
from kiosk.money import format_cents
from kiosk.ops import OpRunner
from kiosk.settings import Settings, SettingsError, default_config_path, save_settings
from kiosk.ui.admin_style import ADMIN_QSS
from kiosk.ui.translator import install_language, resolve_language
from kiosk.ui.widgets import set_style_property, size_on_screen
from kiosk.ui.wording import fill

log = logging.getLogger(__name__)

WIZARD_SIZE = (1024, 640)
ReaderFactory = Callable[[str], Any]  # spec -> kiosk.nfc.reader.CardReader
LanguageInstaller = Callable[[str], object]  # a LANGUAGES code -> the application shows it


def _install_in_application(code: str) -> object:
    app = QCoreApplication.instance()
    return install_language(app, code) if app is not None else None


def _default_reader_factory(spec: str) -> Any:
    from kiosk.nfc.factory import make_reader

    return make_reader(spec)


def _set_tone(label: QLabel, tone: str, text: str) -> None:
    """Show `text` in the label with a look for tone "ok", "error", "busy" or "" (plain)."""
    set_style_property(label, "tone", tone)
    label.setText(text)


def _title(text: str) -> str:
    return f"<h2>{html.escape(text)}</h2>"


def mask_password(url: str) -> str:
    """postgresql://user:secret@host/db → postgresql://user:•••@host/db (for display)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, at, host = rest.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}://{user}{':•••' if colon else ''}{at}{host}"


class BackendPage(QWizardPage):
    """Which backend: the embedded demo, a PostgreSQL URL, or a REST URL plus key."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._busy = False
        self._note: tuple[str, str, str] | None = None  # a provisioning file's problem shown
        self.setObjectName("wizardBackendPage")
        c = wizard.controller

        # each language by its own name, so a person who reads none of the others finds theirs
        self.language_label = QLabel()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("wizardLanguage")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            self.language_combo.findData(resolve_language(c.language)))
        self.embedded_radio = QRadioButton()
        self.postgres_radio = QRadioButton()
        self.rest_radio = QRadioButton()
        self._group = QButtonGroup(self)
        for choice, radio in self._radios().items():
            self._group.addButton(radio)
            radio.setChecked(choice is c.choice)

        self.postgres_edit = QLineEdit(c.postgres_url)
        self.postgres_edit.setPlaceholderText("postgresql://kiosk:password@db.festival.lan/festival")
        self.rest_edit = QLineEdit(c.rest_url)
        self.rest_edit.setPlaceholderText("https://api.festival.example/rpc")
        self.key_edit = QLineEdit(c.api_key)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton()
        self.test_button.setObjectName("wizardTestConnection")
        # the enrolment of `festival-admin devices enrol`: its file, or its text (the QR
        # code's content) from the clipboard
        self.open_provisioning_button = QPushButton()
        self.paste_provisioning_button = QPushButton()
        self.status_label = QLabel()
        self.status_label.setObjectName("wizardBackendStatus")
        self.status_label.setWordWrap(True)

        form = QVBoxLayout(self)
        first_row = QHBoxLayout()  # the language beside the first choice: no extra height
        first_row.addWidget(self.embedded_radio)
        first_row.addStretch(1)
        first_row.addWidget(self.language_label)
        first_row.addWidget(self.language_combo)
        form.addLayout(first_row)
        self.embedded_hint = hint = QLabel()
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        form.addWidget(hint)
        form.addWidget(self.postgres_radio)
        form.addWidget(self.postgres_edit)
        form.addWidget(self.rest_radio)
        rest_row = QHBoxLayout()
        rest_row.addWidget(self.rest_edit, 3)
        rest_row.addWidget(self.key_edit, 2)
        form.addLayout(rest_row)
        form.addSpacing(2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.open_provisioning_button)
        buttons.addWidget(self.paste_provisioning_button)
        buttons.addStretch(1)
        form.addLayout(buttons)
        form.addWidget(self.status_label)
        form.addStretch(1)

        for radio in self._radios().values():
            radio.toggled.connect(self._fields_changed)
        for edit in (self.postgres_edit, self.rest_edit, self.key_edit):
            edit.textChanged.connect(self._fields_changed)
        self.language_combo.activated.connect(self._language_chosen)
        self.test_button.clicked.connect(self.test_connection)
        self.open_provisioning_button.clicked.connect(self.open_provisioning_file)
        self.paste_provisioning_button.clicked.connect(self.paste_provisioning)
        for edit in (self.postgres_edit, self.rest_edit, self.key_edit):
            edit.returnPressed.connect(self.test_connection)  # Enter tests the connection
        self.retranslate()
        self._fields_changed()

    def retranslate(self) -> None:
        """Every word of the page in the current language (again after a LanguageChange)."""
        self.setTitle(_title(self.tr("Backend")))
        self.setSubTitle(self.tr("Where balances and orders are kept."))
        self.language_label.setText(self.tr("Language"))
        self.embedded_radio.setText(self.tr("Embedded demo server on this computer"))
        self.postgres_radio.setText(self.tr("PostgreSQL server"))
        self.rest_radio.setText(self.tr("REST-RPC server"))
        self.embedded_hint.setText(self.tr(
            "Starts a local PostgreSQL with the demo event (first start takes a few seconds)."))
        self.key_edit.setPlaceholderText(self.tr("API key"))
        self.test_button.setText(self.tr("Test connection"))
        self.open_provisioning_button.setText(self.tr("Open provisioning file…"))
        self.paste_provisioning_button.setText(self.tr("Paste provisioning code"))
        self.show_status()

    def show_status(self) -> None:
        """The status line, from the page's state: a test running, its outcome, a
        provisioning file's problem, what is missing, or "not tested"."""
        c = self._wizard.controller
        if self._busy:
            _set_tone(self.status_label, "busy",
                      self.tr("Starting the embedded demo server…")
                      if c.choice is BackendChoice.EMBEDDED else self.tr("Connecting…"))
        elif c.probe is not None:
            _set_tone(self.status_label, "ok" if c.probe.ok else "error",
                      self._wizard.check_words(c.probe))
        elif self._note is not None:
            what, path, detail = self._note
            text = (fill(self.tr("Cannot read %1: %2"), path, detail) if what == "unreadable"
                    else self._wizard.problem_words(Problem(WizardProblem(what), detail=detail)))
            _set_tone(self.status_label, "error", text)
        else:
            problem = c.backend_problem()
            _set_tone(self.status_label, "error" if problem else "",
                      self._wizard.problem_words(problem) if problem else self.tr("Not tested yet."))

    @Slot(int)
    def _language_chosen(self, index: int) -> None:
        self._wizard.choose_language(str(self.language_combo.itemData(index)))

    def _radios(self) -> dict[BackendChoice, QRadioButton]:
        return {
            BackendChoice.EMBEDDED: self.embedded_radio,
            BackendChoice.POSTGRES: self.postgres_radio,
            BackendChoice.REST: self.rest_radio,
        }

    def _chosen(self) -> BackendChoice:
        return next(ch for ch, radio in self._radios().items() if radio.isChecked())

    @Slot()
    def _fields_changed(self) -> None:
        choice = self._chosen()
        url = {BackendChoice.POSTGRES: self.postgres_edit.text(),
               BackendChoice.REST: self.rest_edit.text()}.get(choice, "")
        c = self._wizard.controller
        c.set_backend(choice, url, self.key_edit.text())
        self.postgres_edit.setEnabled(choice is BackendChoice.POSTGRES)
        self.rest_edit.setEnabled(choice is BackendChoice.REST)
        self.key_edit.setEnabled(choice is BackendChoice.REST)
        self.test_button.setEnabled(c.backend_problem() is None and not self._busy)
        self._note = None
        self.show_status()
        self.completeChanged.emit()

    @Slot()
    def open_provisioning_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Provisioning file"), "", self.tr("Provisioning files (*.toml);;All files (*)"))
        if path:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                self._note = ("unreadable", path, str(exc))
                self.show_status()
                return
            self.use_provisioning(text)

    @Slot()
    def paste_provisioning(self) -> None:
        self.use_provisioning(QGuiApplication.clipboard().text())

    def use_provisioning(self, text: str) -> None:
        """Fill the page from a provisioning file's text and test its credential at once."""
        c = self._wizard.controller
        problem = c.use_provisioning(text)
        if problem is not None:
            self._note = (problem.code.value, "", problem.detail)
            self.show_status()
            return
        chosen, url, key, device_id = c.choice, c.backend_url, c.api_key, c.device_id
        edit = self.postgres_edit if chosen is BackendChoice.POSTGRES else self.rest_edit
        for widget in (edit, self.key_edit):  # the fields first, quietly: then the choice
            widget.blockSignals(True)
        edit.setText(url)
        self.key_edit.setText(key)
        for widget in (edit, self.key_edit):
            widget.blockSignals(False)
        self._radios()[chosen].setChecked(True)
        self._fields_changed()
        c.set_device_id(device_id)
        self.test_connection()

    @Slot()
    def test_connection(self) -> None:
        command = self._wizard.controller.probe_command()
        if command is None or self._busy:
            return
        self._busy = True
        self.test_button.setEnabled(False)
        self.show_status()
        self._wizard.run_op(lambda: self._wizard.probe(command), self._probe_done,
                            self._probe_failed)

    def _probe_done(self, outcome: tuple[DeviceCheck, str]) -> None:
        check, url = outcome
        self._busy = False
        c = self._wizard.controller
        c.probe_finished(check, url if c.choice is BackendChoice.EMBEDDED else None)
        self._fields_changed()
        self._focus_after_test(check.ok)

    def _focus_after_test(self, ok: bool) -> None:
        """After a test, focus what comes next: Next when it worked, else the field to fix
        (the disabled test button would hand the focus to Cancel or Back)."""
        if ok:
            self._wizard.focus_next_button()
            return
        choice = self._chosen()
        if choice is BackendChoice.POSTGRES:
            self.postgres_edit.setFocus()
        elif choice is BackendChoice.REST:
            self.rest_edit.setFocus()
        else:
            self.test_button.setFocus()

    def _probe_failed(self, error: BaseException) -> None:
        log.warning("backend test failed", exc_info=error)
        self._probe_done((DeviceCheck(CheckStatus.FAILED, "CLIENT_ERROR",
                                      detail=str(error) or type(error).__name__), ""))

    @property
    def busy(self) -> bool:
        return self._busy

    def isComplete(self) -> bool:
        return self._wizard.controller.backend_ok and not self._busy


class DeviceIdCombo(QComboBox):
    """An editable device-id box whose dropdown, when it has nothing to offer, explains why
    instead of opening an empty list."""

    def __init__(self, on_empty: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_empty = on_empty

    def showPopup(self) -> None:
        if self.count() == 0:
            self._on_empty()
            return
        super().showPopup()


class DevicePage(QWizardPage):
    """Which device this kiosk is; its role and point of sale come from the backend."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._busy = False
        self._asked_for = ""
        self.setObjectName("wizardDevicePage")

        self.device_combo = DeviceIdCombo(self._no_suggestions)
        self.device_combo.setEditable(True)
        self.device_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.device_combo.setObjectName("wizardDeviceId")
        self.check_button = QPushButton()
        self.status_label = QLabel()
        self.status_label.setObjectName("wizardDeviceStatus")
        self.status_label.setWordWrap(True)
        self.details_label = QLabel()
        self.details_label.setObjectName("wizardDeviceDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)

        row = QHBoxLayout()
        row.addWidget(self.device_combo, 1)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        self.device_id_label = QLabel()
        layout.addWidget(self.device_id_label)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.details_label)
        layout.addStretch(1)

        self.device_combo.editTextChanged.connect(self._id_changed)
        self.check_button.clicked.connect(self.check_device)
        self.retranslate()

    def retranslate(self) -> None:
        """The page's fixed words in the current language (its state is shown on entry)."""
        self.setTitle(_title(self.tr("Device")))
        self.setSubTitle(self.tr("The device id this kiosk is registered as in the backend."))
        self.check_button.setText(self.tr("Check device"))
        self.device_id_label.setText(self.tr("Device id"))

    def initializePage(self) -> None:
        c = self._wizard.controller
        self.device_combo.blockSignals(True)
        self.device_combo.clear()
        self.device_combo.addItems(list(c.suggested_device_ids()))
        self.device_combo.setEditText(c.device_id)
        self.device_combo.blockSignals(False)
        self.device_combo.lineEdit().setPlaceholderText(
            fill(self.tr("e.g. %1"), (c.suggested_device_ids() or ("kiosk-bar-1",))[0]))
        self._id_changed(c.device_id)
        if c.device_command() is not None and not c.device_ok:
            self.check_device()

    @Slot(str)
    def _id_changed(self, text: str) -> None:
        c = self._wizard.controller
        c.set_device_id(text)
        problem = c.device_problem()
        self.check_button.setEnabled(problem is None and not self._busy)
        if c.device_check is None and not self._busy:
            if not text.strip():
                # nothing typed yet: a hint, not a red error
                _set_tone(self.status_label, "", self.tr("Enter this kiosk's device id."))
            else:
                _set_tone(self.status_label, "error" if problem else "",
                          self._wizard.problem_words(problem) if problem
                          else self.tr("Not checked yet."))
            self.details_label.clear()
            if not text.strip() and not c.suggested_device_ids():
                self._no_suggestions()
        self.completeChanged.emit()

    @Slot()
    def check_device(self) -> None:
        command = self._wizard.controller.device_command()
        if command is None or self._busy:
            return
        self._busy = True
        self._asked_for = command.device_id
        self.check_button.setEnabled(False)
        _set_tone(self.status_label, "busy",
                  fill(self.tr("Asking the backend about %1…"), command.device_id))
        self._wizard.run_op(lambda: self._wizard.query(command), self._check_done,
                            self._check_failed)

    def _check_done(self, check: DeviceCheck) -> None:
        self._busy = False
        c = self._wizard.controller
        if self._asked_for != c.device_id:
            # the id was edited while we asked: that answer is stale, ask about the new one
            self._id_changed(c.device_id)
            self.check_device()
            return
        c.device_finished(check)
        _set_tone(self.status_label, "ok" if check.ok else "error",
                  self._wizard.check_words(check))
        self.details_label.setText(self._details(check) if check.ok else "")
        self.check_button.setEnabled(c.device_problem() is None)
        self.completeChanged.emit()
        if check.ok:  # focus what comes next, not Cancel or Back
            self._wizard.focus_next_button()
        else:
            self.device_combo.setFocus()
            self.device_combo.lineEdit().selectAll()

    def _no_suggestions(self) -> None:
        """The dropdown has nothing to offer (a real server names no devices to a kiosk)."""
        self.details_label.setText(self.tr(
            "This server does not list its devices. Type the device id this kiosk was "
            "enrolled as (festival-admin devices list shows them), or open its provisioning "
            "file on the previous page: it fills this in."))

    def _check_failed(self, error: BaseException) -> None:
        log.warning("device check failed", exc_info=error)
        self._check_done(DeviceCheck(CheckStatus.FAILED, "CLIENT_ERROR", device_id=self._asked_for,
                                     detail=str(error) or type(error).__name__))

    def _details(self, check: DeviceCheck) -> str:
        config = check.config
        if config.role == "bar":
            place = fill(self.tr("Bar, point of sale %1"), config.point_of_sale_id)
        else:
            place = fill(self.tr("Checkpoint %1"), config.checkpoint_id)
        return "\n".join([
            fill(self.tr("Role: %1"), place),
            fill(self.tr("Products: %1"), len(config.products)),
            fill(self.tr("Staff allowed on this device: %1"), len(config.staff)),
            fill(self.tr("Currency: %1"), config.event.currency),
        ])

    @property
    def busy(self) -> bool:
        return self._busy

    def isComplete(self) -> bool:
        return self._wizard.controller.device_ok and not self._busy


class ReaderPage(QWizardPage):
    """Which card reader, found by detection, with a live "tap a card now" test."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._reader_thread: Any = None
        self._sim_panel: QWidget | None = None
        self.setObjectName("wizardReaderPage")

        self.reader_combo = QComboBox()
        self.reader_combo.setEditable(True)
        self.reader_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reader_combo.setObjectName("wizardReader")
        for spec in READER_CHOICES:
            self.reader_combo.addItem(spec, spec)
        self.detect_button = QPushButton()
        self.test_button = QPushButton()
        self.test_button.setObjectName("wizardTestReader")
        self.detect_label = QLabel()
        self.detect_label.setWordWrap(True)
        self.detect_label.setProperty("role", "muted")
        self.status_label = QLabel()
        self.status_label.setObjectName("wizardReaderStatus")
        self.status_label.setWordWrap(True)
        self.tap_label = QLabel()
        self.tap_label.setObjectName("wizardTapResult")
        self.tap_label.setProperty("role", "heading")
        self._panel_holder = QVBoxLayout()

        row = QHBoxLayout()
        row.addWidget(self.reader_combo, 1)
        row.addWidget(self.detect_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.detect_label)
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status_label)
        layout.addWidget(self.tap_label)
        layout.addLayout(self._panel_holder)
        layout.addStretch(1)

        self.reader_combo.currentIndexChanged.connect(self._choice_changed)
        self.reader_combo.editTextChanged.connect(self._text_changed)
        self.detect_button.clicked.connect(self.detect)
        self.test_button.clicked.connect(self.start_test)
        self.retranslate()

    def reader_words(self, spec: str) -> str:
        """What a reader path of READER_CHOICES is, in words."""
        return {
            "sim": self.tr("Simulated reader (demo, no hardware)"),
            "wedge": self.tr("Keyboard-wedge reader (types the card number)"),
            "usb": self.tr("USB NFC reader (first one nfcpy finds)"),
        }.get(spec, "")

    def retranslate(self) -> None:
        """The page's fixed words and the offered readers in the current language."""
        self.setTitle(_title(self.tr("Card reader")))
        self.setSubTitle(self.tr("Choose the reader, then tap a card to test it."))
        self.reader_combo.blockSignals(True)  # new words, not a new choice
        for index, spec in enumerate(READER_CHOICES):
            self.reader_combo.setItemText(index, fill(self.tr("%1 — %2"), spec,
                                                      self.reader_words(spec)))
        self.reader_combo.blockSignals(False)
        self.detect_button.setText(self.tr("Detect readers"))
        self.test_button.setText(self.tr("Test reader"))

    def initializePage(self) -> None:
        spec = self._wizard.controller.reader
        index = self.reader_combo.findData(spec)
        if index >= 0:
            self.reader_combo.setCurrentIndex(index)
        else:
            self.reader_combo.setEditText(spec)
        self._text_changed(self.reader_combo.currentText())
        _set_tone(self.status_label, "", self.tr("Press “Test reader”, then tap a card."))

    def current_spec(self) -> str:
        text = self.reader_combo.currentText()
        index = self.reader_combo.findText(text)
        if index >= 0 and self.reader_combo.itemData(index):
            return str(self.reader_combo.itemData(index))
        return text.split(" — ", 1)[0].strip()

    @Slot(int)
    def _choice_changed(self, _index: int) -> None:
        self._text_changed(self.reader_combo.currentText())

    @Slot(str)
    def _text_changed(self, _text: str) -> None:
        c = self._wizard.controller
        spec = self.current_spec()
        if spec != c.reader:
            self.stop_test()
            self.tap_label.clear()
        c.set_reader(spec)
        problem = c.reader_problem()
        self.test_button.setEnabled(problem is None)
        if problem:
            _set_tone(self.status_label, "error", self._wizard.problem_words(problem))
        self.completeChanged.emit()

    @Slot()
    def detect(self) -> None:
        self.detect_button.setEnabled(False)
        _set_tone(self.detect_label, "busy", self.tr("Looking for USB and serial readers…"))
        self._wizard.run_op(self._wizard.list_readers, self._detected, self._detect_failed)

    def _detected(self, result: Any) -> None:
        self.detect_button.setEnabled(True)
        lines = []
        for candidate in result.readers:
            if self.reader_combo.findData(candidate.path) < 0:
                self.reader_combo.addItem(fill(self.tr("%1 — %2"), candidate.path,
                                               candidate.description), candidate.path)
            lines.append(fill(self.tr("%1: %2"), candidate.path,
                              candidate.problem or self.tr("ready")))
        lines.extend(result.notes)
        if not result.readers:
            lines.insert(0, self.tr("No NFC reader found. The simulated and keyboard-wedge "
                                    "readers are always available."))
        _set_tone(self.detect_label, "", "\n".join(lines))

    def _detect_failed(self, error: BaseException) -> None:
        self.detect_button.setEnabled(True)
        _set_tone(self.detect_label, "error", fill(self.tr("Detection failed: %1"), error))

    @Slot()
    def start_test(self) -> None:
        from kiosk.nfc.worker import ReaderThread

        self.stop_test()
        spec = self.current_spec()
        try:
            reader = self._wizard.reader_factory(spec)
        except ValueError as exc:
            _set_tone(self.status_label, "error",
                      fill(self.tr("This reader cannot be used: %1"), exc))
            return
        self._reader_thread = ReaderThread(reader, debounce_s=0.5, parent=self)
        worker = self._reader_thread.worker
        worker.tapped.connect(self._on_tap)
        worker.duplicate.connect(self._on_tap)
        worker.status_changed.connect(self._on_status)
        worker.read_error.connect(self._on_read_error)
        if spec == "sim":
            from kiosk.ui.sim_panel import SimulatedReaderPanel

            self._sim_panel = SimulatedReaderPanel(reader)
            self._panel_holder.addWidget(self._sim_panel)
        self._reader_thread.start()
        _set_tone(self.status_label, "busy", self.tr("Tap a card now…"))
        self.tap_label.clear()

    def stop_test(self) -> None:
        if self._reader_thread is not None:
            self._reader_thread.stop()
            self._reader_thread = None
        if self._sim_panel is not None:
            self._sim_panel.setParent(None)
            self._sim_panel.deleteLater()
            self._sim_panel = None

    @property
    def testing(self) -> bool:
        return self._reader_thread is not None

    @property
    def sim_panel(self) -> QWidget | None:
        return self._sim_panel

    @Slot(object)
    def _on_tap(self, tap: Any) -> None:
        self._wizard.controller.tap_seen(tap.uid)
        self.tap_label.setText(fill(self.tr("Card %1 read"), tap.uid))
        _set_tone(self.status_label, "ok",
                  fill(self.tr("The reader works (%1). Tap another card or go on."), tap.reader))

    @Slot(object)
    def _on_status(self, status: Any) -> None:
        from kiosk.nfc.events import ReaderState

        if status.state is ReaderState.CONNECTED:
            if self._wizard.controller.last_tap_uid is None:
                _set_tone(self.status_label, "busy", self.tr("Tap a card now…"))
        else:
            state = {
                ReaderState.SEARCHING: self.tr("Looking for the reader"),
                ReaderState.LOST: self.tr("Reader lost"),
                ReaderState.NOT_FOUND: self.tr("No reader found"),
            }.get(status.state, status.state.value)
            _set_tone(self.status_label, "error", fill(self.tr("%1: %2"), state, status.reason))

    @Slot(object)
    def _on_read_error(self, error: Any) -> None:
        _set_tone(self.status_label, "error",
                  fill(self.tr("The card could not be read (%1). Tap again."), error.message))

    def cleanupPage(self) -> None:
        self.stop_test()

    def validatePage(self) -> bool:
        self.stop_test()
        return True

    def isComplete(self) -> bool:
        return self._wizard.controller.reader_problem() is None


class SummaryPage(QWizardPage):
    """What will be saved, with the event's offline limits; Finish writes the file."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setObjectName("wizardSummaryPage")
        self.limits_form = QFormLayout()
        self.max_balance = QLabel()
        self.card_limit = QLabel()
        self.device_limit = QLabel()
        for label in (self.max_balance, self.card_limit, self.device_limit):
            label.setObjectName("wizardLimit")
        self.limit_names = [QLabel(), QLabel(), QLabel()]
        for name, label in zip(self.limit_names, (self.max_balance, self.card_limit,
                                                  self.device_limit), strict=True):
            self.limits_form.addRow(name, label)
        self.offline_cash = QCheckBox()
        self.offline_card = QCheckBox()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("wizardSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel()
        self.error_label.setObjectName("wizardSaveError")
        self.error_label.setWordWrap(True)
        self.error_label.setProperty("role", "problem")

        layout = QVBoxLayout(self)
        layout.addLayout(self.limits_form)
        layout.addWidget(self.offline_cash)
        layout.addWidget(self.offline_card)
        layout.addSpacing(8)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.offline_cash.toggled.connect(self._recharge_changed)
        self.offline_card.toggled.connect(self._recharge_changed)
        self.retranslate()

    def retranslate(self) -> None:
        """The page's fixed words in the current language (the summary is shown on entry)."""
        self.setTitle(_title(self.tr("Offline limits and summary")))
        self.setSubTitle(self.tr("When the backend cannot be reached, the kiosk keeps selling "
                                 "within these limits and sends the sales later."))
        for name, text in zip(self.limit_names, (self.tr("Maximum card balance"),
                                                 self.tr("Offline sales per card"),
                                                 self.tr("Offline sales per device")), strict=True):
            name.setText(text)
        self.offline_cash.setText(self.tr("Accept cash recharges while offline"))
        self.offline_card.setText(self.tr("Accept card-payment recharges while offline"))

    def initializePage(self) -> None:
        c = self._wizard.controller
        event = c.event
        if event is not None:
            self.max_balance.setText(format_cents(event.max_balance_cents, event.currency))
            self.card_limit.setText(format_cents(event.offline_card_limit_cents, event.currency))
            self.device_limit.setText(
                format_cents(event.offline_device_limit_cents, event.currency))
        config = c.device_config
        checkpoint = config is not None and config.role == "checkpoint"
        self.offline_cash.setChecked(c.offline_cash_recharge)
        self.offline_card.setChecked(c.offline_card_recharge)
        self.offline_cash.setVisible(checkpoint)
        self.offline_card.setVisible(checkpoint)
        role = (fill(self.tr("bar at %1"), config.point_of_sale_id)
                if config and config.role == "bar"
                else fill(self.tr("checkpoint %1"), config.checkpoint_id if config else "?"))
        self.summary_label.setText("\n".join([
            fill(self.tr("Backend: %1"), mask_password(c.backend_url)),
            fill(self.tr("Device: %1 (%2)"), c.device_id, role),
            fill(self.tr("Card reader: %1"), c.reader),
            fill(self.tr("Configuration file: %1"), self._wizard.config_path),
        ]))
        self.error_label.clear()

    @Slot()
    def _recharge_changed(self) -> None:
        self._wizard.controller.set_offline_recharge(self.offline_cash.isChecked(),
                                                     self.offline_card.isChecked())

    def validatePage(self) -> bool:
        try:
            settings = self._wizard.controller.build_settings()
            save_settings(settings, self._wizard.config_path)
        except SettingsError as exc:
            self.error_label.setText(fill(self.tr("Could not save: %1"), exc))
            return False
        self._wizard.saved(settings)
        return True


class SetupWizard(QWizard):
    """Turns a fresh machine into a configured kiosk. Lives in the GUI thread.

    `initial` pre-fills the pages (e.g. the current settings when opened from the
    supervisor screen); `config_path` is where Finish writes (default: platformdirs).
    The embedded demo server, if started here, is left running for the app to reuse
    (pgserver stops it at process exit).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        initial: Settings | None = None,
        config_path: Path | None = None,
        start_embedded: Callable[[], Any] = start_embedded_demo,
        reader_factory: ReaderFactory = _default_reader_factory,
        runner: OpRunner | None = None,
        language_installer: LanguageInstaller = _install_in_application,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setStyleSheet(ADMIN_QSS)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setTitleFormat(Qt.TextFormat.RichText)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.controller = WizardController(initial)
        self.config_path = Path(config_path) if config_path is not None else default_config_path()
        self.start_embedded = start_embedded
        self.reader_factory = reader_factory
        self.language_installer = language_installer
        self.runner = runner or OpRunner(self)
        self.embedded_server: Any = None
        self._result: Settings | None = None

        self.backend_page = BackendPage(self)
        self.device_page = DevicePage(self)
        self.reader_page = ReaderPage(self)
        self.summary_page = SummaryPage(self)
        for page in (self.backend_page, self.device_page, self.reader_page, self.summary_page):
            self.addPage(page)
        self.retranslate()
        # the whole width of a 1024×600 panel (at 900 px its buttons were clipped, seen under
        # Xvfb), never more than the screen
        self.resize(size_on_screen(self, *WIZARD_SIZE))

    # -- words ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The wizard's own words, its buttons' included (its pages have theirs)."""
        self.setWindowTitle(self.tr("Festival Kiosk setup"))
        for which, text in ((QWizard.WizardButton.BackButton, self.tr("< &Back")),
                            (QWizard.WizardButton.NextButton, self.tr("&Next >")),
                            (QWizard.WizardButton.FinishButton, self.tr("&Finish")),
                            (QWizard.WizardButton.CancelButton, self.tr("Cancel"))):
            self.setButtonText(which, text)

    def choose_language(self, code: str) -> None:
        """The person chose the screens' language: saved on Finish, shown now."""
        if self.controller.set_language(code):
            self.language_installer(code)  # Qt then sends the LanguageChange handled below

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "summary_page"):
            self.retranslate()
            for page in (self.backend_page, self.device_page, self.reader_page, self.summary_page):
                page.retranslate()
        super().changeEvent(event)

    def check_words(self, check: DeviceCheck) -> str:
        """What a connection or device check came to, in words."""
        device, detail = check.device_id, check.detail
        status = check.status
        if status is CheckStatus.CONNECTED:
            return self.tr("Connected: the backend answers.")
        if status is CheckStatus.DEVICE_OK:
            return fill(self.tr("Connected: %1 is a %2."), device, self.role_words(check))
        if status is CheckStatus.NO_BACKEND:
            return self.tr("Choose a backend first.")
        if status is CheckStatus.NO_DEVICE_ID:
            return self.tr("Enter the device id this kiosk is registered as.")
        if status is CheckStatus.BAD_ADDRESS:
            return fill(self.tr("Cannot use this backend address: %1"), detail)
        if status is CheckStatus.UNREACHABLE:
            return fill(self.tr("Cannot reach the backend: %1"), detail)
        if status is CheckStatus.DEVICE_REFUSED:
            return fill(self.tr("The backend does not accept device '%1': %2"), device,
                        detail or self.tr("unknown or disabled device"))
        if status is CheckStatus.NOT_A_CONFIG:
            return fill(self.tr("The backend's answer is not a device config: %1"), detail)
        if status is CheckStatus.DEVICE_DISABLED:
            return fill(self.tr("Device %1 is disabled in the backend."), device)
        if status is CheckStatus.EMBEDDED_FAILED:
            return fill(self.tr("Could not start the embedded demo server: %1"), detail)
        if status is CheckStatus.REFUSED:
            return fill(self.tr("The backend refused: %1"), detail)
        return detail or self.tr("The check failed on this kiosk.")

    def role_words(self, check: DeviceCheck) -> str:
        """"bar at bar-main" / "checkpoint at checkpoint-1" for a found device."""
        if check.role == "bar":
            return fill(self.tr("bar at %1"), check.place)
        return fill(self.tr("checkpoint at %1"), check.place)

    def problem_words(self, problem: Problem) -> str:
        """Why a page cannot go on yet, in words."""
        code, detail = problem.code, problem.detail
        if code is WizardProblem.NOT_PROVISIONING_FILE:
            return fill(self.tr("This is not a provisioning file: %1"), detail)
        if code is WizardProblem.PROVISIONING_UNUSABLE:
            return fill(self.tr("This provisioning file cannot be used: %1"), detail)
        if code is WizardProblem.PROVISIONING_NO_SERVER:
            return self.tr("This provisioning file names no backend server.")
        if code is WizardProblem.NO_BACKEND_ADDRESS:
            return self.tr("Enter the backend address.")
        if code is WizardProblem.WRONG_SCHEME:
            return fill(self.tr("This address does not start with %1"), problem.value)
        if code is WizardProblem.NO_API_KEY:
            return self.tr("Enter the API key of the REST backend.")
        if code is WizardProblem.NO_DEVICE_ID:
            return self.tr("Enter this kiosk's device id.")
        if code is WizardProblem.BACKEND_NOT_TESTED:
            return self.tr("Test the backend connection first.")
        if code is WizardProblem.BAD_READER:
            return fill(self.tr("This reader cannot be used: %1"), detail)
        if code is WizardProblem.BAD_DEVICE_ID:
            return fill(self.tr("This device id cannot be used: %1"), detail)
        return fill(self.tr("This address cannot be used: %1"), detail)

    # -- blocking work, run on a pool thread ----------------------------------------------
    def focus_next_button(self) -> None:
        """Focus Next (or Finish on the last page): where a finished test leads."""
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            button = self.button(which)
            if button.isVisible() and button.isEnabled():
                button.setFocus()
                return

    def run_op(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
               on_failure: Callable[[BaseException], None]) -> None:
        self.runner.run(fn, on_success, on_failure)

    def probe(self, command: ProbeBackend) -> tuple[DeviceCheck, str]:
        """Worker thread: start the embedded server if chosen, then probe the backend."""
        if command.choice is BackendChoice.EMBEDDED:
            if self.embedded_server is None:
                try:
                    self.embedded_server = self.start_embedded()
                except Exception as exc:  # initdb/pg_ctl failures become a message
                    log.exception("embedded demo server did not start")
                    return DeviceCheck(CheckStatus.EMBEDDED_FAILED, "SERVER_ERROR",
                                       detail=str(exc)), ""
            url = self.embedded_server.kiosk_url
        else:
            url = command.url
        return probe_backend(url, command.api_key), url

    def query(self, command: QueryDevice) -> DeviceCheck:
        """Worker thread: sp_device_config for the device id (on the embedded demo server, as
        that device's own login)."""
        url = command.url
        server = self.embedded_server
        if server is not None and url == server.kiosk_url and hasattr(server, "url_for_device"):
            url = server.url_for_device(command.device_id)
        return query_device(url, command.api_key, command.device_id)

    @staticmethod
    def list_readers() -> Any:
        """Worker thread: nfcpy's USB readers and serial ports."""
        from kiosk.nfc.nfcpy_probe import list_readers

        return list_readers()

    # -- outcome ---------------------------------------------------------------------------
    def saved(self, settings: Settings) -> None:
        self._result = settings

    def result_settings(self) -> Settings | None:
        """The settings written on Finish; None if the wizard was cancelled."""
        return self._result

    def done(self, result: int) -> None:
        self.reader_page.stop_test()
        super().done(result)  # QWizard validates the last page (and so saves) in here
        initial = self.controller.initial.language
        if self._result is None and not self.isVisible() and self.controller.language != initial:
            # closed without saving after choosing a language (a page that failed to save
            # keeps the wizard open): the kiosk goes on in the one it had
            self.controller.language = initial
            self.language_installer(initial)

    def keyPressEvent(self, event: Any) -> None:
        # Esc closes a dropdown or clears a field, and never throws away everything typed
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: Any) -> None:
        # closed or hidden by any route: a reader thread must never outlive its page
        self.reader_page.stop_test()
        super().hideEvent(event)
