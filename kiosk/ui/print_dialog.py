"""The supervisor's print dialog: pick one of the printers set up on this kiosk, then Print or
Cancel, with big touch buttons, no keyboard, sized to fit the kiosk's window.

Qt's own QPrintDialog is a desktop dialog (page ranges, properties, a dozen small controls) and
its buttons were clipped on a 1024×600 kiosk panel (issue 11 item 9). With no printer set up
the dialog says so and offers "Save PDF instead" (the file is named and placed without typing).
Lives in the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

SCREEN_MARGIN_PX = 40  # the dialog leaves this much of the window around it


class PrintDialog(QDialog):
    """Choose a printer. `exec()` returns Accepted (print to `printer_name()`), or Rejected;
    `wants_pdf` is true when the supervisor chose "Save PDF instead"."""

    def __init__(self, parent: QWidget | None = None, printers: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printDialog")
        self.setWindowTitle(self.tr("Print the shift report"))
        self.setModal(True)
        self.wants_pdf = False
        names = list(QPrinterInfo.availablePrinterNames()) if printers is None else list(printers)
        default = QPrinterInfo.defaultPrinterName() if printers is None else ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(16)
        self.heading = QLabel(self.tr("Print the shift report"))
        self.heading.setProperty("role", "heading")
        layout.addWidget(self.heading)
        self.printer_combo = QComboBox()
        self.printer_combo.setMinimumHeight(56)
        self.printer_combo.addItems(names)
        if default in names:
            self.printer_combo.setCurrentIndex(names.index(default))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        if names:
            layout.addWidget(QLabel(self.tr("Printer")))
            layout.addWidget(self.printer_combo)
            self.hint.setText(self.tr("The report is printed on A4, portrait."))
        else:
            self.printer_combo.hide()
            self.hint.setText(self.tr(
                "No printer is set up on this kiosk. Save the report as a PDF instead: the file "
                "is named after the device and the time, in the export folder."))
        layout.addWidget(self.hint)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.pdf_button = QPushButton(self.tr("Save PDF instead"))
        self.print_button = QPushButton(self.tr("Print"))
        self.print_button.setProperty("role", "primary")
        for button in (self.cancel_button, self.pdf_button, self.print_button):
            button.setMinimumHeight(64)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        self.print_button.setVisible(bool(names))
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.print_button.clicked.connect(self.accept)
        self.pdf_button.clicked.connect(self._choose_pdf)
        (self.print_button if names else self.pdf_button).setDefault(True)
        self._fit_to(parent)

    def _fit_to(self, parent: QWidget | None) -> None:
        window = parent.window() if parent is not None else None
        room = window.size() if window is not None else QSize(1024, 600)
        limit = QSize(max(room.width() - 2 * SCREEN_MARGIN_PX, 320),
                      max(room.height() - 2 * SCREEN_MARGIN_PX, 240))
        self.setMaximumSize(limit)
        self.resize(min(720, limit.width()), min(self.sizeHint().height(), limit.height()))

    def _choose_pdf(self) -> None:
        self.wants_pdf = True
        self.reject()

    def printer_name(self) -> str:
        return self.printer_combo.currentText()

    def printer(self) -> QPrinter:
        """A high-resolution QPrinter for the chosen printer."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName(self.printer_name())
        return printer
