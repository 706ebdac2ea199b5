"""The supervisor screen's Scan log tab: this device's card taps, newest first, with what came
of each and whether it is uploaded yet (`ScanTableModel` in a table). GUI thread."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.controllers.supervisor import ScanRow
from kiosk.ui.supervisor.models import ScanTableModel, table_view


class ScanTab(QWidget):
    """The scan log: rows from the controller, shown through the model."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ScanTableModel(self)
        self.table = table_view(self.model, stretch=ScanTableModel.STRETCH)
        self.table.setObjectName("scanTable")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def render(self, scans: Sequence[ScanRow]) -> None:
        self.model.set_rows(scans)
