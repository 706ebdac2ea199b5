"""Setup wizard (pytest-qt, offscreen) against the real test PostgreSQL: test connection,
device check with its role, card reader test with the simulated reader, limits, saved file."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication, QWizard

from kiosk.controllers.wizard import BackendChoice
from kiosk.ops import OpRunner
from kiosk.settings import EMBEDDED_DEMO, Settings, load_settings
from kiosk.ui.wizard import SetupWizard, mask_password


@pytest.fixture
def make_wizard(qtbot, tmp_path):
    runners = []

    def make(**kwargs):
        runner = OpRunner()
        runners.append(runner)
        wizard = SetupWizard(config_path=tmp_path / "config.toml", runner=runner, **kwargs)
        qtbot.addWidget(wizard)
        wizard.show()
        return wizard

    yield make
    for runner in runners:
        runner.wait_for_done(5000)


def wait_idle(qtbot, page):
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)


def check_device(qtbot, wizard, device_id):
    """On the device page: enter `device_id`, check it with the backend, wait for the answer."""
    page = wizard.device_page
    page.device_combo.setEditText(device_id)
    page.check_button.click()
    wait_idle(qtbot, page)
    return page


def connect_postgres(qtbot, wizard, url):
    page = wizard.backend_page
    page.postgres_radio.setChecked(True)
    page.postgres_edit.setText(url)
    assert page.test_button.isEnabled()
    page.test_button.click()
    wait_idle(qtbot, page)


def test_postgres_backend_device_reader_and_finish_write_the_settings(qtbot, make_wizard,
                                                                        checkpoint_url, tmp_path):
    wizard = make_wizard()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    connect_postgres(qtbot, wizard, checkpoint_url)
    assert wizard.backend_page.status_label.text() == "Connected: the backend answers."
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    wizard.next()
    device = check_device(qtbot, wizard, "kiosk-checkpoint-1")
    assert device.status_label.text() == (
        "Connected: kiosk-checkpoint-1 is a checkpoint at checkpoint-1.")
    assert "Role: Checkpoint checkpoint-1" in device.details_label.text()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    wizard.next()
    reader = wizard.reader_page
    assert reader.current_spec() == "sim"
    reader.test_button.click()
    assert reader.testing and reader.sim_panel is not None
    assert "\nF" not in reader.sim_panel.card_buttons[0].text()  # no F-keys here: none would work
    reader.sim_panel.card_buttons[0].click()
    qtbot.waitUntil(lambda: wizard.controller.last_tap_uid == "04DE0000000001", timeout=3000)
    assert reader.tap_label.text() == "Card 04DE0000000001 read"

    wizard.next()
    assert not reader.testing  # leaving the page stops the reader thread
    summary = wizard.summary_page
    assert (summary.max_balance.text(), summary.card_limit.text(),
            summary.device_limit.text()) == ("€500.00", "€30.00", "€500.00")
    assert summary.offline_cash.isChecked() and not summary.offline_card.isChecked()
    summary.offline_card.setChecked(True)

    wizard.button(QWizard.WizardButton.FinishButton).click()
    expected = Settings(backend_url=checkpoint_url, device_id="kiosk-checkpoint-1",
                        offline_card_recharge=True)
    assert wizard.result_settings() == expected
    assert load_settings(tmp_path / "config.toml") == expected


def test_unknown_device_is_refused_with_the_backends_unauthorized(qtbot, make_wizard, kiosk_url):
    wizard = make_wizard()
    connect_postgres(qtbot, wizard, kiosk_url)
    wizard.next()
    device = check_device(qtbot, wizard, "kiosk-bar-99")
    assert device.status_label.text().startswith(
        "The backend does not accept device 'kiosk-bar-99'")
    assert wizard.controller.device_check.error_code == "UNAUTHORIZED"
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_disabled_device_is_refused(qtbot, make_wizard, kiosk_url, db):
    db.execute("UPDATE devices SET enabled = false WHERE device_id = 'kiosk-bar-1'")
    wizard = make_wizard()
    connect_postgres(qtbot, wizard, kiosk_url)
    wizard.next()
    check_device(qtbot, wizard, "kiosk-bar-1")
    assert not wizard.controller.device_ok
    assert wizard.controller.device_check.error_code == "UNAUTHORIZED"


def test_unreachable_backend_says_so_and_blocks_next(qtbot, make_wizard):
    wizard = make_wizard()
    connect_postgres(qtbot, wizard, "postgresql://kiosk@127.0.0.1:1/festival")
    assert wizard.backend_page.status_label.text().startswith("Cannot reach the backend")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_bad_url_is_explained_before_any_connection(make_wizard):
    wizard = make_wizard()
    page = wizard.backend_page
    page.postgres_radio.setChecked(True)
    page.postgres_edit.setText("https://not-postgres.example")
    assert not page.test_button.isEnabled()
    assert "does not start with postgresql://" in page.status_label.text()
    page.rest_radio.setChecked(True)
    page.rest_edit.setText("https://api.example/rpc")
    assert "API key" in page.status_label.text()
    page.key_edit.setText("secret")
    assert page.test_button.isEnabled()


def test_embedded_demo_starts_the_server_and_offers_the_demo_devices(qtbot, make_wizard,
                                                                       kiosk_url):
    started = []

    def start_embedded():
        started.append(True)
        return SimpleNamespace(kiosk_url=kiosk_url, stop=lambda: None)

    wizard = make_wizard(start_embedded=start_embedded)
    assert wizard.controller.choice is BackendChoice.EMBEDDED
    wizard.backend_page.test_button.click()
    wait_idle(qtbot, wizard.backend_page)
    assert started == [True] and wizard.controller.backend_ok
    wizard.next()
    device = wizard.device_page
    offered = [device.device_combo.itemText(i) for i in range(device.device_combo.count())]
    assert offered == ["kiosk-bar-1", "kiosk-checkpoint-1"]
    wait_idle(qtbot, device)  # checks the pre-filled demo id by itself
    assert wizard.controller.device_ok
    assert "Role: Bar, point of sale bar-main" in device.details_label.text()
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result_settings() == Settings(backend_url=EMBEDDED_DEMO, device_id="kiosk-bar-1")


def test_embedded_server_failure_is_a_message_not_a_crash(qtbot, make_wizard):
    def broken():
        raise RuntimeError("initdb: no space left on device")

    wizard = make_wizard(start_embedded=broken)
    wizard.backend_page.test_button.click()
    wait_idle(qtbot, wizard.backend_page)
    assert "no space left on device" in wizard.backend_page.status_label.text()
    assert not wizard.controller.backend_ok


def test_cancel_writes_nothing(make_wizard, tmp_path):
    wizard = make_wizard()
    wizard.reject()
    assert wizard.result_settings() is None
    assert not (tmp_path / "config.toml").exists()


def test_save_failure_keeps_the_wizard_open_with_the_reason(qtbot, tmp_path, kiosk_url):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    runner = OpRunner()
    wizard = SetupWizard(config_path=blocker / "config.toml", runner=runner)
    qtbot.addWidget(wizard)
    wizard.show()
    connect_postgres(qtbot, wizard, kiosk_url)
    wizard.next()
    check_device(qtbot, wizard, "kiosk-bar-1")
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result_settings() is None
    assert wizard.currentPage() is wizard.summary_page
    assert wizard.summary_page.error_label.text().startswith("Could not save: cannot write")
    runner.wait_for_done(2000)


def test_existing_settings_prefill_and_reader_spec_is_checked(make_wizard):
    wizard = make_wizard(initial=Settings(backend_url="postgresql://k@db/fest?sslmode=require",
                                          device_id="kiosk-bar-1", reader="usb"))
    page = wizard.backend_page
    assert page.postgres_radio.isChecked() and page.postgres_edit.text() == "postgresql://k@db/fest?sslmode=require"
    wizard.controller.probe_finished(wizard.controller.probe or _ok(), None)
    wizard.reader_page.initializePage()
    assert wizard.reader_page.current_spec() == "usb"
    wizard.reader_page.reader_combo.setEditText("")
    assert not wizard.reader_page.isComplete()


def _ok():
    from kiosk.device_check import CheckStatus, DeviceCheck

    return DeviceCheck(CheckStatus.CONNECTED)


def test_password_is_masked_in_the_summary():
    assert mask_password("postgresql://kiosk:s3cret@db/fest") == "postgresql://kiosk:•••@db/fest"
    assert mask_password("postgresql://kiosk@db/fest") == "postgresql://kiosk@db/fest"
    assert mask_password("embedded-demo") == "embedded-demo"


def on_reader_page(wizard):
    """Jump to the reader page as if backend and device had been checked."""
    from kiosk.device_check import CheckStatus, DeviceCheck

    wizard.controller.probe_finished(DeviceCheck(CheckStatus.CONNECTED), "postgresql://x@/db")
    wizard.setStartId(wizard.pageIds()[2])
    wizard.restart()
    return wizard.reader_page


def test_keyboard_wedge_reader_is_tested_with_a_real_key_burst(qtbot, make_wizard):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.nfc.wedge import KeyboardWedgeReader
    from tests.nfc.key_clock import KeyClock

    # keys 4 ms apart on the reader's clock, however slowly a loaded machine delivers them
    wizard = make_wizard(reader_factory=lambda spec: KeyboardWedgeReader(clock=KeyClock(0.004)))
    reader = on_reader_page(wizard)
    reader.reader_combo.setCurrentIndex(reader.reader_combo.findData("wedge"))
    assert reader.current_spec() == "wedge"
    reader.test_button.click()
    qtbot.waitUntil(lambda: reader.status_label.text() == "Tap a card now…", timeout=3000)
    window = wizard.windowHandle()
    for char in "04a1b2c3d4e5f6":
        QTest.keyClick(window, char)
    QTest.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.controller.last_tap_uid == "04A1B2C3D4E5F6", timeout=3000)
    assert reader.tap_label.text() == "Card 04A1B2C3D4E5F6 read"
    reader.stop_test()
    assert not reader.testing


def test_detect_readers_reports_what_nfcpy_finds_or_says_none(qtbot, make_wizard):
    wizard = make_wizard()
    reader = on_reader_page(wizard)
    reader.detect_button.click()
    qtbot.waitUntil(lambda: reader.detect_button.isEnabled(), timeout=15000)
    text = reader.detect_label.text()
    assert text and "Looking for" not in text
    found = [reader.reader_combo.itemData(i) for i in range(reader.reader_combo.count())]
    assert found[:3] == ["sim", "wedge", "usb"]
    assert ("No NFC reader found" in text) == (len(found) == 3)


def test_an_invalid_reader_spec_is_named_and_blocks_next(make_wizard):
    wizard = make_wizard()
    reader = on_reader_page(wizard)
    reader.reader_combo.setEditText("usb:nonsense")
    assert "is not a reader spec" in reader.status_label.text()
    assert not reader.test_button.isEnabled() and not reader.isComplete()


def test_escape_never_cancels_the_wizard_and_loses_nothing(qtbot, make_wizard):
    """Issue 11 item 13: Esc pressed to close a dropdown cancelled the whole wizard."""
    from PySide6.QtCore import Qt

    wizard = make_wizard()
    page = wizard.backend_page
    page.postgres_radio.setChecked(True)
    page.postgres_edit.setText("postgresql://k:pw@db.example.org/festival?sslmode=require")
    qtbot.keyClick(page.postgres_edit, Qt.Key.Key_Escape)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.result() == 0
    assert page.postgres_edit.text().startswith("postgresql://k:pw@db.example.org")


def test_enter_in_the_url_field_tests_the_connection(qtbot, make_wizard, kiosk_url):
    """Issue 11 item 13: Enter in the URL field did nothing."""
    from PySide6.QtCore import Qt

    wizard = make_wizard()
    page = wizard.backend_page
    page.postgres_radio.setChecked(True)
    page.postgres_edit.setText(kiosk_url)
    qtbot.keyClick(page.postgres_edit, Qt.Key.Key_Return)
    assert page.busy and not page.test_button.isEnabled()  # the test started
    wait_idle(qtbot, page)


def test_an_empty_device_id_is_a_hint_not_a_red_error(qtbot, make_wizard):
    """Issue 11 item 13: a red "Enter this kiosk's device id." showed before anything was typed."""
    wizard = make_wizard()
    page = wizard.device_page
    page.device_combo.setEditText("x")
    page.device_combo.setEditText("")
    assert page.status_label.text() == "Enter this kiosk's device id."
    assert page.status_label.property("tone") == ""
    page.device_combo.setEditText("bad id with spaces!")
    assert page.status_label.property("tone") == "error"


def test_a_provisioning_code_from_devices_enrol_is_pasted_tested_and_shows_its_device(
        qtbot, make_wizard, pg_cluster, db_name, db_url, tmp_path):
    """Issue 10 item 8: the text `festival-admin devices enrol` writes (the QR code's content)
    fills the backend page, its credential is tested at once, and the device page shows the
    device as the backend knows it; a bad text changes nothing."""
    import psycopg
    from PySide6.QtGui import QGuiApplication

    from sql.devices import enrol_postgres
    from sql.devices_cli import provisioning_text

    with psycopg.connect(db_url) as owner:
        owner.execute("INSERT INTO devices (device_id, name, role, checkpoint_id)"
                      " VALUES ('kiosk-gate-9', 'Gate 9', 'checkpoint', 'checkpoint-1')")
        credential = enrol_postgres(owner, "kiosk-gate-9")
    text = provisioning_text(credential, pg_cluster.url(db_name).replace("postgres@", ""))
    wizard = make_wizard()
    page = wizard.backend_page
    QGuiApplication.clipboard().setText("this is not toml [")
    page.paste_provisioning_button.click()
    assert "not a provisioning file" in page.status_label.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    QGuiApplication.clipboard().setText(text)
    page.paste_provisioning_button.click()
    wait_idle(qtbot, page)
    assert page.postgres_radio.isChecked() and credential.secret in page.postgres_edit.text()
    assert page.status_label.text() == "Connected: the backend answers."
    wizard.next()
    assert wizard.device_page.device_combo.currentText() == "kiosk-gate-9"  # from the file
    device = check_device(qtbot, wizard, "kiosk-gate-9")
    assert device.status_label.text() == "Connected: kiosk-gate-9 is a checkpoint at checkpoint-1."


def test_focus_after_a_test_lands_on_next_or_on_the_field_to_fix(qtbot, make_wizard, kiosk_url):
    """Issue 11 item 13: after "Test connection" the focus went to Cancel/Back."""
    wizard = make_wizard()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    connect_postgres(qtbot, wizard, "postgresql://kiosk@127.0.0.1:1/festival")
    assert QApplication.focusWidget() is wizard.backend_page.postgres_edit
    connect_postgres(qtbot, wizard, kiosk_url)
    assert QApplication.focusWidget() is next_button and next_button.isEnabled()
    wizard.next()
    check_device(qtbot, wizard, "kiosk-bar-99")
    combo = wizard.device_page.device_combo
    assert QApplication.focusWidget() in (combo, combo.lineEdit())  # the combo's own field
    check_device(qtbot, wizard, "kiosk-bar-1")
    assert QApplication.focusWidget() is next_button and next_button.isEnabled()


def test_the_device_dropdown_never_opens_empty(qtbot, make_wizard, kiosk_url):
    """Issue 11 item 13: against a real server the device-id dropdown opened empty. A kiosk's
    login proves one device and lists none: the box explains what to type instead."""
    wizard = make_wizard()
    connect_postgres(qtbot, wizard, kiosk_url)
    wizard.next()
    combo = wizard.device_page.device_combo
    assert combo.count() == 0 and combo.currentText() == ""
    assert "festival-admin devices list" in wizard.device_page.details_label.text()
    wizard.device_page.details_label.clear()
    combo.showPopup()
    assert not combo.view().isVisible()
    assert "provisioning file" in wizard.device_page.details_label.text()
    assert combo.lineEdit().placeholderText() == "e.g. kiosk-bar-1"


def test_a_known_device_id_is_offered_in_the_dropdown(qtbot, make_wizard, kiosk_url):
    wizard = make_wizard(initial=Settings(device_id="kiosk-bar-1"))
    connect_postgres(qtbot, wizard, kiosk_url)
    wizard.next()
    combo = wizard.device_page.device_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["kiosk-bar-1"]


def test_every_check_status_and_problem_has_its_own_words(make_wizard):
    """The controller and device_check return codes; the wizard words each one (none falls
    through to another's sentence or shows a raw code)."""
    from kiosk.controllers.wizard import Problem, WizardProblem
    from kiosk.device_check import CheckStatus, DeviceCheck

    wizard = make_wizard()
    checks = {wizard.check_words(DeviceCheck(status, device_id="kiosk-7", detail="DETAIL"))
              for status in CheckStatus}
    problems = {wizard.problem_words(Problem(code, value="VALUE", detail="DETAIL"))
                for code in WizardProblem}
    assert len(checks) == len(CheckStatus) and len(problems) == len(WizardProblem)
    for words in checks | problems:
        assert words and words not in {s.value for s in CheckStatus} | {p.value for p in WizardProblem}
        assert "%" not in words
    assert wizard.check_words(DeviceCheck(CheckStatus.DEVICE_DISABLED, device_id="kiosk-7")) == (
        "Device kiosk-7 is disabled in the backend.")
    assert wizard.problem_words(Problem(WizardProblem.WRONG_SCHEME, value="https://")) == (
        "This address does not start with https://")


@pytest.fixture
def english_afterwards(monkeypatch, tmp_path):
    """The catalogue compiles into this test's cache; the application is English again after."""
    from kiosk.ui.translator import install_language

    monkeypatch.setenv("FESTIVAL_KIOSK_CACHE", str(tmp_path / "cache"))
    yield
    install_language(QApplication.instance(), "en")


def choose_language(qtbot, wizard, name):
    combo = wizard.backend_page.language_combo
    index = combo.findText(name)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what a person's choice sends


def test_choosing_deutsch_shows_the_wizard_in_german_at_once_and_saves_language_de(
        qtbot, make_wizard, checkpoint_url, tmp_path, english_afterwards):
    wizard = make_wizard()
    page = wizard.backend_page
    combo = page.language_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["English", "Deutsch", "Français"]
    assert page.test_button.text() == "Test connection"
    choose_language(qtbot, wizard, "Deutsch")
    qtbot.waitUntil(lambda: page.test_button.text() == "Verbindung testen", timeout=3000)
    assert page.status_label.text() == "Noch nicht getestet."  # the state is worded again
    assert "Gerät" in wizard.device_page.title()  # the pages not shown yet too
    assert wizard.summary_page.limit_names[0].text() == "Maximales Kartenguthaben"

    connect_postgres(qtbot, wizard, checkpoint_url)
    wizard.next()
    check_device(qtbot, wizard, "kiosk-checkpoint-1")
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result_settings().language == "de"
    assert load_settings(tmp_path / "config.toml").language == "de"

    choose_language(qtbot, wizard, "English")  # and back, from the same event
    qtbot.waitUntil(lambda: page.test_button.text() == "Test connection", timeout=3000)


def test_the_language_change_event_rewords_the_wizard_from_any_catalogue(
        qtbot, make_wizard, tmp_path):
    """A tiny catalogue compiled here with pyside6-lrelease: the wizard takes its words from
    whatever translator is installed, by the LanguageChange Qt sends, nothing else."""
    from tests.ui.tiny_catalogue import tiny_translator

    translator = tiny_translator(tmp_path, {("BackendPage", "Test connection"): "Probe",
                                            ("SetupWizard", "&Next >"): "&Weiter >"})
    installed = []

    def install(code):  # German is the tiny catalogue, anything else the code's English
        if code == "de":
            QApplication.instance().installTranslator(translator)
        else:
            QApplication.instance().removeTranslator(translator)
        installed.append(code)

    wizard = make_wizard(language_installer=install)
    try:
        choose_language(qtbot, wizard, "Deutsch")
        qtbot.waitUntil(lambda: wizard.backend_page.test_button.text() == "Probe", timeout=3000)
        assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Weiter >"
        assert wizard.controller.language == "de" and installed == ["de"]
    finally:
        QApplication.instance().removeTranslator(translator)
    qtbot.waitUntil(lambda: wizard.backend_page.test_button.text() == "Test connection", timeout=3000)


def test_cancelling_after_choosing_a_language_goes_back_to_the_one_before(qtbot, make_wizard):
    installed = []
    wizard = make_wizard(initial=Settings(language="fr"), language_installer=installed.append)
    assert wizard.backend_page.language_combo.currentText() == "Français"
    choose_language(qtbot, wizard, "Deutsch")
    wizard.reject()
    assert installed == ["de", "fr"] and wizard.result_settings() is None
