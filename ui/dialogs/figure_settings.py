"""The settings the leakage review uses: money, rates and the business's time zone.

The same fields as the settings dialog (``setting_fields``), so each shows its help and its sentence.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QWidget

from leakdesk.settings import Settings
from ui.dialogs.setting_fields import fields_for, label_for

FIELDS = ["figures.cost_per_lead", "figures.currency", "figures.qualified_conversion_rate",
          "figures.target_booking_rate", "business.timezone"]


class FigureSettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Figures settings")
        form = QFormLayout(self)
        self.fields = fields_for(FIELDS, settings, self)
        for field in self.fields.values():
            form.addRow(label_for(field.setting), field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        return {name: f.text() for name, f in self.fields.items()}
