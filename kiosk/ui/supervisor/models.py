"""Qt table models of the supervisor screen: the outbox and the scan log, shown in QTableViews.

Each model words the controller's rows (`OutboxRow`, `ScanRow`: data, no words) for its
columns, with translated headers (declared with QT_TRANSLATE_NOOP, translated in
`headerData`) and tooltip, alignment and colour roles. A refresh hands the model the rows
again: rows are matched by their id, so a row that did not change emits nothing, a changed
one `dataChanged`, a new one an insert and a vanished one a remove; the view keeps its
selection and its scroll position. Only if the kept rows change order does the model reset.
GUI thread.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from kiosk.controllers.supervisor import REVERSAL_REFUSED, REVERSED, OutboxRow, RowSummary, ScanRow
from kiosk.money import format_cents
from kiosk.ui import wording
from sync import outbox

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex

REFUSED_COLOUR = "#FCA5A5"  # the admin style's error tone: a refused or to-review state


def local_time(when: datetime | None) -> str:
    """A captured or scanned time as the kiosk's local clock shows it."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().strftime("%H:%M:%S")


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows matched by `key(row)` across refreshes (the subclasses' columns and words)."""

    CONTEXT: ClassVar[str] = ""  # the translation context of HEADERS
    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def key(self, row: Row) -> Hashable:
        raise NotImplementedError

    # -- contents --------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show `rows` (in this order): removes the vanished rows, inserts the new ones and
        emits dataChanged for the changed ones; resets only if the kept rows moved."""
        rows = list(rows)
        new_keys = [self.key(r) for r in rows]
        wanted = set(new_keys)
        if len(wanted) != len(new_keys):  # two rows with one id: no matching possible
            self._reset(rows)
            return
        for index in reversed(range(len(self._rows))):
            if self.key(self._rows[index]) not in wanted:
                self.beginRemoveRows(QModelIndex(), index, index)
                del self._rows[index]
                self.endRemoveRows()
        kept = {self.key(r) for r in self._rows}
        if [k for k in new_keys if k in kept] != [self.key(r) for r in self._rows]:
            self._reset(rows)
            return
        last_column = self.columnCount() - 1
        for index, row in enumerate(rows):
            if index < len(self._rows) and self.key(self._rows[index]) == new_keys[index]:
                if self._rows[index] != row:
                    self._rows[index] = row
                    self.dataChanged.emit(self.index(index, 0), self.index(index, last_column))
            else:  # not shown yet: the kept rows are in order, so it is new here
                self.beginInsertRows(QModelIndex(), index, index)
                self._rows.insert(index, row)
                self.endInsertRows()

    def _reset(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, index: int) -> Row:
        return self._rows[index]

    def find(self, key: Hashable) -> int:
        """The row number of the row with `key`, or -1."""
        return next((i for i, r in enumerate(self._rows) if self.key(r) == key), -1)

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[section])
        return None


class OutboxTableModel(RowTableModel[OutboxRow]):
    """The outbox rows of one view of the supervisor screen (newest first)."""

    COL_TIME, COL_TYPE, COL_CARD, COL_AMOUNT, COL_STATE, COL_DETAILS, COL_REASON = range(7)
    STRETCH = (COL_DETAILS, COL_REASON)  # share the width left; the full text in the tooltip
    RequestIdRole = Qt.ItemDataRole.UserRole  # str(request_id), on every column
    RowRole = Qt.ItemDataRole.UserRole + 1  # the OutboxRow

    CONTEXT = "OutboxTableModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("OutboxTableModel", "Time"),
        QT_TRANSLATE_NOOP("OutboxTableModel", "Type"),
        QT_TRANSLATE_NOOP("OutboxTableModel", "Card"),
        QT_TRANSLATE_NOOP("OutboxTableModel", "Amount"),
        QT_TRANSLATE_NOOP("OutboxTableModel", "State"),
        QT_TRANSLATE_NOOP("OutboxTableModel", "Details"),
        QT_TRANSLATE_NOOP("OutboxTableModel", "Reason"),
    )
    METHODS: ClassVar[dict[str, str]] = {  # a recharge's payment method, as the Details column says it
        "cash": QT_TRANSLATE_NOOP("OutboxTableModel", "cash"),
        "card": QT_TRANSLATE_NOOP("OutboxTableModel", "card"),
    }
    REFUSED = (*outbox.REFUSED_STATES, outbox.CONFLICT, REVERSAL_REFUSED)

    def __init__(self, currency: str = "EUR", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = currency

    def key(self, row: OutboxRow) -> Hashable:
        return row.request_id

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_REASON:
                return self.reason_text(row)[1] or str(row.request_id)
            if column == self.COL_DETAILS:
                return self.cell_text(row, column) or str(row.request_id)
            return str(row.request_id)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_AMOUNT:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATE and (
                row.state in self.REFUSED):
            return QColor(REFUSED_COLOUR)
        if role == self.RequestIdRole:
            return str(row.request_id)
        if role == self.RowRole:
            return row
        return None

    # -- the words of a row ----------------------------------------------------------------
    def cell_text(self, row: OutboxRow, column: int) -> str:
        if column == self.COL_TIME:
            return local_time(row.captured_at)
        if column == self.COL_TYPE:
            return self.kind_text(row.kind)
        if column == self.COL_CARD:
            return row.card_uid
        if column == self.COL_AMOUNT:
            if row.amount_cents is None:
                return ""
            return format_cents(row.amount_cents, self.currency, signed=row.kind == outbox.VOID)
        if column == self.COL_STATE:
            return self.state_text(row)
        if column == self.COL_DETAILS:
            return self.summary_text(row.summary)
        if column == self.COL_REASON:
            return self.reason_text(row)[0]
        return ""

    def kind_text(self, kind: str) -> str:
        return {outbox.BAR_ORDER: self.tr("Sale"), outbox.RECHARGE: self.tr("Recharge"),
                outbox.VOID: self.tr("Void")}.get(kind, kind)

    def state_text(self, row: OutboxRow) -> str:
        states = {outbox.PENDING: self.tr("queued"), outbox.IN_FLIGHT: self.tr("sending"),
                  outbox.DONE: self.tr("done"), outbox.REJECTED: self.tr("rejected"),
                  outbox.VOIDED: self.tr("voided (never sent)"),
                  REVERSED: self.tr("reversed"),
                  outbox.CONFLICT: self.tr("to review"),
                  outbox.SETTLED: self.tr("settled by a supervisor"),
                  REVERSAL_REFUSED: self.tr("booked? reversal refused")}
        state = states.get(row.state, row.state)
        if row.offline and row.state in (*outbox.QUEUED_STATES, outbox.DONE):
            state = wording.fill(self.tr("%1 · offline"), state)
        return state

    def summary_text(self, summary: RowSummary) -> str:
        """ "2× beer, 1× cup-deposit" / "cash" / "void of 1× soft" / "void of …1a2b3c4d"."""
        if summary.is_void:
            if summary.void_of is not None:
                return wording.fill(self.tr("void of %1"), self.summary_text(summary.void_of))
            if summary.target_tail:
                return wording.fill(self.tr("void of …%1"), summary.target_tail)
            return self.tr("void")
        if summary.items:
            return ", ".join(wording.fill(self.tr("%1× %2"), quantity, name)
                             for quantity, name in summary.items)
        method = self.METHODS.get(summary.method)
        return self.tr(method) if method else summary.method

    def reason_text(self, row: OutboxRow) -> tuple[str, str]:
        """(the reason in words for the table, the full text with the backend's message for
        the tooltip). Never a raw code."""
        if row.kind == outbox.VOID and row.state not in outbox.REFUSED_STATES:
            return row.reason, row.reason  # the supervisor's own words
        if row.state == REVERSAL_REFUSED:
            words = self.tr("Refused offline, but the backend may have booked it: reverse it.")
        else:
            words = wording.reason_words(row.error_code, row.offline_rule)
        if not words:
            return "", row.reason
        detail = f"{words}\n{row.reason}" if row.reason and row.reason != words else words
        return words, detail


class ScanTableModel(RowTableModel[ScanRow]):
    """This device's scan log (newest first)."""

    COL_TIME, COL_CARD, COL_STATUS, COL_SCREEN, COL_UPLOADED = range(5)
    STRETCH: tuple[int, ...] = ()

    CONTEXT = "ScanTableModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("ScanTableModel", "Time"),
        QT_TRANSLATE_NOOP("ScanTableModel", "Card"),
        QT_TRANSLATE_NOOP("ScanTableModel", "Status"),
        QT_TRANSLATE_NOOP("ScanTableModel", "Screen"),
        QT_TRANSLATE_NOOP("ScanTableModel", "Uploaded"),
    )

    def key(self, row: ScanRow) -> Hashable:
        return row.scan_id if row.scan_id is not None else id(row)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_UPLOADED and (
                not row.uploaded):
            return QColor("#FDE68A")  # the admin style's busy tone: still to upload
        return None

    def cell_text(self, row: ScanRow, column: int) -> str:
        if column == self.COL_TIME:
            return local_time(row.scanned_at)
        if column == self.COL_CARD:
            return row.card_uid or "—"
        if column == self.COL_STATUS:
            return wording.scan_status(row.status)
        if column == self.COL_SCREEN:
            return row.screen
        if column == self.COL_UPLOADED:
            return self.tr("yes") if row.uploaded else self.tr("not yet")
        return ""


def table_view(model: RowTableModel[Any], stretch: tuple[int, ...] = ()) -> QTableView:
    """A read-only, one-row-selecting table for a supervisor model: columns as wide as their
    contents, the `stretch` ones (or the last) sharing the width left, text elided."""
    table = QTableView()
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(not stretch)
    return table
