"""The settings the leakage review uses: money, rates and the business's time zone."""

from __future__ import annotations

import zoneinfo

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from leakdesk.settings import Settings, setting

FIELDS = ("figures.cost_per_lead", "figures.currency", "figures.qualified_conversion_rate",
          "figures.target_booking_rate", "business.timezone")
LABELS = {
    "figures.cost_per_lead": "Cost per lead",
    "figures.currency": "Currency",
    "figures.qualified_conversion_rate": "Qualified conversion rate",
    "figures.target_booking_rate": "Target booking rate",
    "business.timezone": "Business time zone",
}


class FigureSettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Figures settings")
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        for name in FIELDS:
            if name == "business.timezone":
                box = QComboBox(self)
                box.setEditable(True)
                box.addItems(sorted(zoneinfo.available_timezones()))
                box.setCurrentText(settings.text(name))
                field: QLineEdit | QComboBox = box
            else:
                field = QLineEdit(settings.text(name), self)
            field.setObjectName(name)
            field.setToolTip(setting(name).help)
            form.addRow(LABELS[name], field)
            self.fields[name] = field
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        return {name: (f.currentText() if isinstance(f, QComboBox) else f.text()).strip()
                for name, f in self.fields.items()}
