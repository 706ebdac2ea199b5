"""Rich text to an A4 PDF file with Qt's printer (offscreen too): the close-out slip uses it;
the supervisor's shift report renders the same way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument


def write_pdf(html_text: str, path: Path | str) -> Path:
    """Render `html_text` to the PDF file `path` (A4, portrait); OSError-free unless the
    directory is unwritable (Qt then writes nothing: the caller checks the file)."""
    from PySide6.QtPrintSupport import QPrinter

    document = QTextDocument()
    document.setHtml(html_text)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    document.print_(printer)
    return Path(path)
