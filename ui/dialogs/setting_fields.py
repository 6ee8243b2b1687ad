"""One field per declared setting: the right editor, its help, and its error sentence.

The settings dialog and the setup wizard both build their forms from
``leakdesk.settings.SETTINGS`` through this, so a setting is declared once
and checked the same way everywhere (``settings.validate``).
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from leakdesk import settings as settings_mod
from leakdesk.errors import SettingsError
from leakdesk.settings import CHOICES, Setting, Settings, is_yes


def label_for(setting: Setting[Any]) -> str:
    return setting.label


class SettingField(QWidget):
    """The editor of one setting, with its help below and, when wrong, the sentence saying why."""

    def __init__(self, setting: Setting[Any], text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setting = setting
        self.setObjectName(f"setting:{setting.name}")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 4)
        box.setSpacing(2)
        self.editor: QWidget
        if setting.kind == "yes_no":
            self.check_box = QCheckBox(setting.help.replace(" (yes or no).", "."), self)
            self.editor = self.check_box
            self.check_box.toggled.connect(lambda _on: self.check())
        elif setting.name in CHOICES or setting.name == "business.timezone":
            self.combo = QComboBox(self)
            self.combo.addItems(sorted(zoneinfo.available_timezones()) if setting.name == "business.timezone"
                                else list(CHOICES[setting.name]))
            self.combo.setEditable(setting.name == "business.timezone")
            self.editor = self.combo
            self.combo.currentTextChanged.connect(lambda _t: self.check())
        else:
            self.line = QLineEdit(self)
            self.editor = self.line
            self.line.editingFinished.connect(self.check)
        self.editor.setAccessibleName(label_for(setting))
        self.editor.setToolTip(setting.help)
        box.addWidget(self.editor)
        if setting.kind != "yes_no":
            hint = QLabel(setting.help, self)
            hint.setObjectName("settingHelp")
            hint.setWordWrap(True)
            box.addWidget(hint)
        self.error = QLabel("", self)
        self.error.setObjectName("settingError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        box.addWidget(self.error)
        self.set_text(text)

    def text(self) -> str:
        if self.setting.kind == "yes_no":
            return "yes" if self.check_box.isChecked() else "no"
        if isinstance(self.editor, QComboBox):
            return self.combo.currentText().strip()
        return self.line.text().strip()

    def set_text(self, text: str) -> None:
        if self.setting.kind == "yes_no":
            self.check_box.setChecked(is_yes(text))
        elif isinstance(self.editor, QComboBox):
            self.combo.setCurrentText(text)
        else:
            self.line.setText(text)
        self.check()

    def check(self) -> bool:
        """Validate the text; show the setting's own sentence when it is wrong."""
        try:
            settings_mod.validate(self.setting.name, self.text())
        except SettingsError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return False
        self.error.setText("")
        self.error.setVisible(False)
        return True


def fields_for(names: list[str], settings: Settings, parent: QWidget) -> dict[str, SettingField]:
    return {name: SettingField(settings_mod.setting(name), settings.text(name), parent) for name in names}
