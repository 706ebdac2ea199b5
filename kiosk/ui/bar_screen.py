"""The bar screen: product grid, the order with its total, "Charge", one tap, one result.

Thin: every decision is BarController's; this widget renders its state and runs the sync
calls it asks for off the GUI thread. Keyboard: 1-9 add the n-th product of the shown
category, Enter charges, Esc cancels / dismisses, Delete clears the order, Backspace removes
one of the last product added.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.controllers.bar import BarController, BarState, IgnoreTap, LookupCard, SubmitOrder
from kiosk.ops import OpRunner
from kiosk.settings import Settings
from kiosk.sounds import SoundPlayer
from kiosk.ui.tap_screen import TapScreen
from kiosk.ui.widgets import ProductButton, armed_banner, fit_text_width, role_label, touch_button
from kiosk.ui.wording import fill
from sync.config import DeviceConfig, Product
from sync.errors import ConfigUnavailable
from sync.port import KioskPort
from sync.service import CardInfo, SubmitResult

log = logging.getLogger(__name__)

GRID_COLUMNS = 3


class OrderLineRow(QFrame):
    """One line of the order: name, − quantity +, line total, remove."""

    def __init__(self, screen: BarScreen, product: Product, quantity: int, total_text: str) -> None:
        super().__init__()
        self.setProperty("role", "order-line")
        self.product_id = product.product_id
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 4, 6)
        row.setSpacing(6)
        self.name = QLabel(product.name)
        self.name.setWordWrap(True)
        self.minus = touch_button("−", "line-step")
        self.minus.setAccessibleName(fill(self.tr("One less %1"), product.name))
        self.quantity = QLabel(f"×{quantity}")
        self.quantity.setMinimumWidth(40)
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plus = touch_button("+", "line-step")
        self.plus.setAccessibleName(fill(self.tr("One more %1"), product.name))
        self.total = QLabel(total_text)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total.setMinimumWidth(90)
        self.remove = touch_button("✕", "line-step")
        self.remove.setAccessibleName(fill(self.tr("Remove %1"), product.name))
        row.addWidget(self.name, 1)
        for widget in (self.minus, self.quantity, self.plus, self.total, self.remove):
            row.addWidget(widget)
        self.minus.clicked.connect(partial(screen.decrement, product.product_id))
        self.plus.clicked.connect(partial(screen.add_product, product.product_id))
        self.remove.clicked.connect(partial(screen.remove_line, product.product_id))


class BarScreen(TapScreen):
    """Sell at a bar point of sale. Construct with the sync facade (or a fake), the device
    config, an OpRunner and the settings; taps come in through handle_tap()."""

    screen_name = "bar"

    def __init__(
        self,
        sync: KioskPort,
        config: DeviceConfig,
        ops: OpRunner,
        settings: Settings,
        sounds: SoundPlayer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(sync, ops, settings, config.event.currency, sounds, parent)
        self.setObjectName("barScreen")
        self.controller = BarController(config.products, clock=lambda: self.clock())
        self._category = ""
        self.product_buttons: dict[str, ProductButton] = {}
        self.line_rows: dict[str, OrderLineRow] = {}

        outer = QHBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.setSpacing(16)

        # left: categories, products, cups
        left = QVBoxLayout()
        left.setSpacing(12)
        self.category_bar = QHBoxLayout()
        self.category_group = QButtonGroup(self)
        self.category_group.setExclusive(True)
        left.addLayout(self.category_bar)
        self.product_grid = QGridLayout()
        self.product_grid.setSpacing(12)
        left.addLayout(self.product_grid, 1)
        self.cup_row = QHBoxLayout()
        self.cup_row.setSpacing(12)
        left.addLayout(self.cup_row)
        left.addWidget(self.notice)
        outer.addLayout(left, 3)

        # right: the order
        self.order_panel = QFrame()
        self.order_panel.setProperty("role", "panel")
        panel = QVBoxLayout(self.order_panel)
        panel.setContentsMargins(16, 16, 16, 16)
        panel.setSpacing(10)
        self.order_title = role_label(self.tr("Order"), "heading")
        panel.addWidget(self.order_title)
        self.lines_widget = QWidget()
        self.lines_widget.setObjectName("orderLines")
        self.lines_layout = QVBoxLayout(self.lines_widget)
        self.lines_layout.setContentsMargins(0, 0, 0, 0)
        self.lines_layout.setSpacing(6)
        self.lines_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.lines_widget)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panel.addWidget(scroll, 1)
        self.empty_hint = role_label(
            self.tr("Touch products to build the order.\nTap a card to see its balance."), "muted"
        )
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        panel.addWidget(self.empty_hint)
        total_row = QHBoxLayout()
        total_row.addWidget(role_label(self.tr("Total"), "heading"))
        self.total_label = role_label("", "total")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total_row.addWidget(self.total_label, 1)
        panel.addLayout(total_row)

        self.armed_frame, self.armed_label = armed_banner()
        panel.addWidget(self.armed_frame)

        buttons = QHBoxLayout()
        self.clear_button = touch_button(self.tr("Clear"), "quiet")
        self.clear_button.clicked.connect(self.clear_order)
        self.cancel_button = touch_button(self.tr("Cancel"), "danger")
        self.cancel_button.clicked.connect(partial(self.cancel_charge, True))
        self.charge_button = touch_button("", "primary")
        self.charge_button.clicked.connect(self.charge)
        buttons.addWidget(self.clear_button, 0)
        buttons.addWidget(self.cancel_button, 1)
        buttons.addWidget(self.charge_button, 2)
        panel.addLayout(buttons)
        outer.addWidget(self.order_panel, 2)

        self._build_catalogue()
        self.refresh()

    # -- catalogue ---------------------------------------------------------------------------

    def set_config(self, config: DeviceConfig) -> None:
        """New device config (prices changed): rebuild the grid, keep what is still sold."""
        self.currency = config.event.currency
        self.overlay.currency = self.currency
        self.controller.set_products(config.products)
        self._build_catalogue()
        self.refresh()

    def _build_catalogue(self) -> None:
        self.cup_buttons: dict[str, ProductButton] = {}
        for button in self.category_group.buttons():
            self.category_group.removeButton(button)
            button.deleteLater()
        for layout in (self.cup_row,):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
        categories = self.controller.categories()
        if self._category not in categories:
            self._category = categories[0] if categories else ""
        if len(categories) > 1:
            for category in categories:
                button = touch_button(category.capitalize() or self.tr("Other"), "category")
                button.setCheckable(True)
                button.setChecked(category == self._category)
                button.clicked.connect(partial(self.show_category, category))
                self.category_group.addButton(button)
                self.category_bar.addWidget(button)
        for product in self.controller.cup_products():
            button = ProductButton(product.name, self._money(product.price_cents), "cup")
            button.clicked.connect(partial(self.add_product, product.product_id))
            self.cup_row.addWidget(button)
            self.cup_buttons[product.product_id] = button
        self._fill_grid()

    def show_category(self, category: str) -> None:
        self._category = category
        self._fill_grid()

    def _fill_grid(self) -> None:
        while self.product_grid.count():
            item = self.product_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        shown: dict[str, ProductButton] = {}
        for index, product in enumerate(self.controller.products_in(self._category)):
            button = ProductButton(product.name, self._money(product.price_cents))
            button.clicked.connect(partial(self.add_product, product.product_id))
            self.product_grid.addWidget(button, index // GRID_COLUMNS, index % GRID_COLUMNS)
            shown[product.product_id] = button
        self.product_buttons = {**shown, **self.cup_buttons}  # what is on screen now

    # -- intents -------------------------------------------------------------------------------

    def add_product(self, product_id: str) -> None:
        if self.in_touch_grace():
            return
        if self.controller.add(product_id):
            self._edited()

    def decrement(self, product_id: str) -> None:
        if self.in_touch_grace():
            return
        if self.controller.decrement(product_id):
            self._edited()

    def remove_line(self, product_id: str) -> None:
        if self.in_touch_grace():
            return
        if self.controller.remove(product_id):
            self._edited()

    def clear_order(self) -> None:
        if self.in_touch_grace():
            return
        if self.controller.clear():
            self._edited()

    def _edited(self) -> None:
        if self.overlay.result is not None:
            self.overlay.hide()
            self.overlay.result = None
        self.refresh()

    def charge(self) -> None:
        if self.in_touch_grace():
            return
        if self.controller.arm():
            self.overlay.hide()
            self.overlay.result = None
        self.refresh()

    def cancel_charge(self, by_touch: bool = False) -> None:
        if self.in_touch_grace():
            return
        if self.controller.disarm(by_touch):
            self.refresh()

    def reset_session(self) -> bool:
        if not self.controller.reset():
            return False
        self._clear_timer.stop()
        self.overlay.hide()
        self.overlay.result = None
        self.refresh()
        return True

    # -- taps ----------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self.controller.state is BarState.PROCESSING

    def handle_tap(self, card_uid: str) -> None:
        command = self.controller.tap(card_uid)
        if isinstance(command, IgnoreTap):
            self.log_scan(card_uid, command.scan_status)
            return
        sync, staff_id = self.sync, self.staff_id
        if isinstance(command, SubmitOrder):
            self.run_request(
                fill(self.tr("Paying %1…"), self._money(command.expected_total_cents)),
                lambda: sync.submit_order(
                    command.card_uid, command.items, command.expected_total_cents, staff_id
                ),
                self._order_done,
                self._failed,
            )
        elif isinstance(command, LookupCard):
            self.look_up_card(command.card_uid)
        self.refresh()

    # The result goes on screen before the scan is logged: a worker thread started first would
    # take the GIL from this thread while it renders the result (see `./dev bench ui`).

    def _order_done(self, result: SubmitResult) -> None:
        shown = self.controller.order_finished(result)
        self.show_result(shown, self.controller.result_serial)
        self.refresh()
        self.log_scan(shown.card_uid, shown.scan_status, result.request_id)
        if result.error_code == "PRICE_MISMATCH":
            self._refresh_config()

    def _lookup_done(self, info: CardInfo) -> None:
        shown = self.controller.lookup_finished(info)
        self.show_result(shown, self.controller.result_serial)
        self.refresh()
        self.log_scan(info.card_uid, "blocked" if info.status == "blocked" else "success")

    def _failed(self, error: BaseException) -> None:
        log.error("bar request failed", exc_info=error)
        uid = self.controller.processing_card
        shown = self.controller.failed(error)
        self.log_scan(uid, shown.scan_status)
        self.show_result(shown, self.controller.result_serial)
        self.refresh()

    def _refresh_config(self) -> None:
        sync = self.sync
        self.ops.run(sync.refresh_config, self.set_config, self._config_refresh_failed)

    def _config_refresh_failed(self, error: BaseException) -> None:
        level = logging.WARNING if isinstance(error, ConfigUnavailable) else logging.ERROR
        log.log(level, "could not refresh the device config: %s", error)

    # -- rendering -------------------------------------------------------------------------------

    def refresh(self) -> None:
        controller = self.controller
        lines = controller.lines
        wanted = {line.product.product_id for line in lines}
        for pid in list(self.line_rows):
            if pid not in wanted:
                row = self.line_rows.pop(pid)
                self.lines_layout.removeWidget(row)
                row.deleteLater()
        for index, line in enumerate(lines):
            pid = line.product.product_id
            row = self.line_rows.get(pid)
            if row is None:
                row = OrderLineRow(self, line.product, line.quantity, self._money(line.total_cents))
                self.line_rows[pid] = row
                self.lines_layout.insertWidget(index, row)
            else:
                row.quantity.setText(f"×{line.quantity}")
                row.total.setText(self._money(line.total_cents))
        total = controller.total_cents
        self.total_label.setText(self._money(total))
        self.empty_hint.setVisible(not lines)
        state = controller.state
        armed = state is BarState.ARMED
        self.armed_frame.setVisible(armed)
        if armed:
            if controller.rearmed:
                verb = (self.tr("Not enough on that card — tap another card to pay %1") if total >= 0
                        else self.tr("Tap another card to credit %1"))
            else:
                verb = self.tr("Tap card to pay %1") if total >= 0 else self.tr("Tap card to credit %1")
            self.armed_label.setText(fill(verb, self._money(abs(total))))
        self.charge_button.setText(
            fill(self.tr("Charge %1"), self._money(total)) if lines else self.tr("Charge")
        )
        fit_text_width(self.charge_button)
        self.charge_button.setVisible(not armed)
        self.charge_button.setEnabled(bool(lines) and state is not BarState.PROCESSING)
        self.cancel_button.setVisible(armed)
        self.clear_button.setEnabled(bool(lines) and controller.can_edit())
        for row in self.line_rows.values():
            for button in (row.minus, row.plus, row.remove):
                button.setEnabled(controller.can_edit())

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if self.overlay.result is not None:
            super().keyPressEvent(event)
            return
        products = self.controller.products_in(self._category)
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if index < len(products):
                self.add_product(products[index].product_id)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.charge()
            return
        if key == Qt.Key.Key_Escape:
            self.cancel_charge()
            return
        if key == Qt.Key.Key_Delete:
            self.clear_order()
            return
        if key == Qt.Key.Key_Backspace and self.controller.lines:
            self.decrement(self.controller.lines[-1].product.product_id)
            return
        super().keyPressEvent(event)
