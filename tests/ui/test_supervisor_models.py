"""The supervisor screen's table models (kiosk/ui/supervisor/models.py): columns, words, roles,
and refreshes that change only what changed, checked by Qt's QAbstractItemModelTester."""

from __future__ import annotations

import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTranslator, qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from kiosk.controllers.supervisor import OutboxRow, ScanRow, SupervisorController
from kiosk.ui.supervisor.models import OutboxTableModel, ScanTableModel, table_view
from tests.sync.outbox_builders import order, recharge, void, voided

Model = OutboxTableModel


def outbox_rows(entries, names=None) -> list[OutboxRow]:
    controller = SupervisorController("kiosk-bar-1", "staff-super-1", product_names=names)
    controller.set_outbox(entries)
    return controller.rows()


def cell(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


class Recorder:
    """What a model told its views: (signal, first row, last row)."""

    def __init__(self, model):
        self.seen: list[tuple[str, int, int]] = []
        model.dataChanged.connect(lambda top, bottom, _roles=(): self.seen.append(
            ("changed", top.row(), bottom.row())))
        model.rowsInserted.connect(lambda _p, first, last: self.seen.append(("inserted", first, last)))
        model.rowsRemoved.connect(lambda _p, first, last: self.seen.append(("removed", first, last)))
        model.modelReset.connect(lambda: self.seen.append(("reset", -1, -1)))
        model.layoutChanged.connect(lambda *_a: self.seen.append(("layout", -1, -1)))


@pytest.fixture
def tester_warnings():
    """The QAbstractItemModelTester's complaints: it reports them as warnings in the
    "qt.modeltest" logging category, collected here by a message handler of the test's own."""
    complaints: list[str] = []

    def handler(_mode, context, message):
        if context.category == "qt.modeltest":
            complaints.append(message)

    previous = qInstallMessageHandler(handler)
    yield lambda: list(complaints)
    qInstallMessageHandler(previous)


# -- the outbox model -----------------------------------------------------------------------
def test_the_outbox_model_has_seven_translatable_columns_and_no_rows_at_first():
    model = Model()
    assert (model.rowCount(), model.columnCount()) == (0, 7)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["Time", "Type", "Card", "Amount", "State", "Details", "Reason"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(7, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_each_column_words_its_row(qtbot):
    sale = order([("beer", 2), ("cup-deposit", 1)], 1200, minute=1)
    cash = recharge(2000, "cash", minute=2, offline=True, state="pending")
    model = Model("EUR")
    model.set_rows(outbox_rows([sale, cash, voided(sale), void(sale, minute=3)],
                               names={"cup-deposit": "Cup deposit"}))
    rows = {cell(model, r, Model.COL_TYPE): r for r in range(model.rowCount())}
    assert set(rows) == {"Sale", "Recharge", "Void"}
    r = rows["Sale"]
    local = (sale.captured_at.astimezone()).strftime("%H:%M:%S")
    assert [cell(model, r, c) for c in range(7)] == [
        local, "Sale", "04DE0000000001", "€12.00", "reversed", "2× beer, 1× Cup deposit", ""]
    r = rows["Recharge"]
    assert cell(model, r, Model.COL_STATE) == "queued · offline"
    assert cell(model, r, Model.COL_DETAILS) == "cash"
    r = rows["Void"]
    assert cell(model, r, Model.COL_DETAILS) == "void of 2× beer, 1× Cup deposit"
    assert cell(model, r, Model.COL_AMOUNT) == "−€12.00"  # gives back what the sale took


def test_a_void_whose_target_is_gone_names_the_end_of_its_id():
    lone = void(order([("beer", 1)], 500))
    model = Model()
    model.set_rows(outbox_rows([lone]))
    assert cell(model, 0, Model.COL_DETAILS) == f"void of …{str(lone.target_request_id)[-8:]}"


def test_roles_give_the_request_id_the_row_a_right_aligned_amount_and_a_red_refusal():
    rejected = order([("beer", 9)], 4500, state="rejected", minute=2, error_code="INSUFFICIENT_FUNDS",
                     response={"success": False, "message": "Insufficient funds: balance €2.00"})
    done = order([("beer", 1)], 500, minute=1)
    model = Model()
    model.set_rows(outbox_rows([done, rejected]))
    assert cell(model, 0, Model.COL_TYPE, Model.RequestIdRole) == str(rejected.request_id)
    assert cell(model, 0, Model.COL_TIME, Model.RowRole).request_id == rejected.request_id
    assert cell(model, 0, Model.COL_AMOUNT, Qt.ItemDataRole.TextAlignmentRole) == (
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert cell(model, 0, Model.COL_TIME, Qt.ItemDataRole.TextAlignmentRole) is None
    assert cell(model, 0, Model.COL_STATE, Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(model, 1, Model.COL_STATE, Qt.ItemDataRole.ForegroundRole) is None  # done
    assert cell(model, 0, Model.COL_REASON) == "Insufficient funds"  # words, no raw code
    assert cell(model, 0, Model.COL_REASON, Qt.ItemDataRole.ToolTipRole) == (
        "Insufficient funds\nInsufficient funds: balance €2.00")  # and the backend's message
    assert cell(model, 0, Model.COL_CARD, Qt.ItemDataRole.ToolTipRole) == str(rejected.request_id)
    assert model.data(QModelIndex()) is None
    assert cell(model, 0, Model.COL_TIME, Qt.ItemDataRole.EditRole) is None


def test_a_refresh_with_the_same_rows_tells_the_views_nothing():
    entries = [order([("beer", 1)], 500, minute=m) for m in range(5)]
    model = Model()
    model.set_rows(outbox_rows(entries))
    seen = Recorder(model)
    model.set_rows(outbox_rows(entries))  # fresh row objects, equal contents
    assert seen.seen == []


def test_a_refresh_changes_inserts_and_removes_only_the_rows_concerned():
    a, b, c = (order([("beer", 1)], 500, state="pending", minute=m) for m in (1, 2, 3))
    model = Model()
    model.set_rows(outbox_rows([a, b, c]))  # newest first: c, b, a
    seen = Recorder(model)
    model.set_rows(outbox_rows([a, replace(b, state="done"), c]))
    assert seen.seen == [("changed", 1, 1)]
    assert cell(model, 1, Model.COL_STATE) == "done"
    seen.seen.clear()
    d = order([("wine", 1)], 600, state="pending", minute=4)
    model.set_rows(outbox_rows([a, replace(b, state="done"), c, d]))
    assert seen.seen == [("inserted", 0, 0)]
    seen.seen.clear()
    model.set_rows(outbox_rows([a, c, d]))
    assert seen.seen == [("removed", 2, 2)]
    assert [cell(model, r, Model.COL_TYPE, Model.RequestIdRole) for r in range(3)] == [
        str(d.request_id), str(c.request_id), str(a.request_id)]


def test_kept_rows_in_another_order_reset_the_model():
    a, b = order([("beer", 1)], 500, minute=1), order([("beer", 1)], 500, minute=2)
    model = Model()
    model.set_rows(outbox_rows([a, b]))
    seen = Recorder(model)
    model.set_rows(outbox_rows([replace(a, captured_at=b.captured_at + timedelta(minutes=1)), b]))
    assert seen.seen == [("reset", -1, -1)]
    assert cell(model, 0, Model.COL_TYPE, Model.RequestIdRole) == str(a.request_id)


def test_the_model_passes_qts_model_tester_over_a_refresh_cycle(qtbot, tester_warnings):
    model = Model()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    a, b, c = (order([("beer", 1)], 500, state="pending", minute=m) for m in (1, 2, 3))
    refused = order([("beer", 9)], 4500, state="rejected", minute=4, error_code="CARD_BLOCKED")
    cycle = [[a, b], [a, b], [a, replace(b, state="done"), c], [a, c, refused, voided(a), void(a, minute=5)],
             [replace(c, captured_at=a.captured_at - timedelta(minutes=1)), a], [], [b]]
    for entries in cycle:
        rows = outbox_rows(entries)
        model.set_rows(rows)
        assert [cell(model, r, 0, Model.RowRole) for r in range(model.rowCount())] == rows
    assert tester_warnings() == []
    del tester


def test_a_view_keeps_its_selection_and_scroll_position_through_refreshes(qtbot):
    entries = [order([("beer", 1)], 500, state="pending", minute=m) for m in range(60)]
    model = Model()
    view = table_view(model, stretch=Model.STRETCH)
    qtbot.addWidget(view)
    view.resize(800, 300)
    model.set_rows(outbox_rows(entries))
    view.show()
    qtbot.waitExposed(view)
    view.selectRow(30)
    chosen = cell(model, 30, 0, Model.RequestIdRole)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scroll = bar.value()
    for _ in range(3):  # the 5-second refresh, with nothing new
        model.set_rows(outbox_rows(entries))
    entries[10] = replace(entries[10], state="done")  # one row changes
    model.set_rows(outbox_rows(entries))
    [selected] = view.selectionModel().selectedRows()
    assert cell(model, selected.row(), 0, Model.RequestIdRole) == chosen
    assert bar.value() == scroll


def test_headers_and_words_go_through_the_translator(qtbot, tmp_path):
    """A German catalogue for the model's context changes its headers and its words."""
    ts = tmp_path / "de.ts"
    ts.write_text("""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS><TS version="2.1" language="de_DE"><context><name>OutboxTableModel</name>
<message><source>Time</source><translation>Zeit</translation></message>
<message><source>Sale</source><translation>Verkauf</translation></message>
</context><context><name>ScanTableModel</name>
<message><source>Uploaded</source><translation>Hochgeladen</translation></message>
</context></TS>""", encoding="utf-8")
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(ts), "-qm", str(tmp_path / "de.qm")], check=True,
                   capture_output=True)
    translator = QTranslator()
    assert translator.load(str(tmp_path / "de.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        model = Model()
        model.set_rows(outbox_rows([order([("beer", 1)], 500)]))
        assert model.headerData(Model.COL_TIME, Qt.Orientation.Horizontal) == "Zeit"
        assert cell(model, 0, Model.COL_TYPE) == "Verkauf"
        assert ScanTableModel().headerData(ScanTableModel.COL_UPLOADED, Qt.Orientation.Horizontal) == (
            "Hochgeladen")
    finally:
        QCoreApplication.removeTranslator(translator)


# -- the scan log model ---------------------------------------------------------------------
T0 = datetime(2026, 7, 4, 20, 0, tzinfo=UTC)


def scan(status="success", card="04DE0000000001", uploaded=True, seconds=0, scan_id=None) -> ScanRow:
    return ScanRow(scan_id or uuid.uuid4(), T0 + timedelta(seconds=seconds), card, status, "bar", None,
                   uploaded)


def test_the_scan_model_words_each_column():
    model = ScanTableModel()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Time", "Card", "Status", "Screen", "Uploaded"]
    model.set_rows([scan(), scan("read_error", card="", uploaded=False, seconds=5)])
    local = T0.astimezone().strftime("%H:%M:%S")
    assert [cell(model, 0, c) for c in range(5)] == [local, "04DE0000000001", "read", "bar", "yes"]
    assert [cell(model, 1, c) for c in (1, 2, 4)] == ["—", "card not read", "not yet"]
    assert cell(model, 1, ScanTableModel.COL_UPLOADED, Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(model, 0, ScanTableModel.COL_UPLOADED, Qt.ItemDataRole.ForegroundRole) is None


def test_the_scan_model_passes_qts_model_tester_and_changes_only_what_changed(qtbot, tester_warnings):
    model = ScanTableModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    first, second = scan(seconds=1, uploaded=False), scan(seconds=0)
    model.set_rows([first, second])
    seen = Recorder(model)
    model.set_rows([replace(first), replace(second)])
    assert seen.seen == []
    model.set_rows([replace(first, uploaded=True), second])
    assert seen.seen == [("changed", 0, 0)]
    newest = scan(seconds=2)
    model.set_rows([newest, replace(first, uploaded=True), second])
    assert seen.seen[-1] == ("inserted", 0, 0)
    model.set_rows([newest])
    model.set_rows([])
    assert model.rowCount() == 0 and tester_warnings() == []
    del tester
