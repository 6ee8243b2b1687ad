"""One field per declared setting: the right editor, its help, and its error sentence.

The settings dialog and the setup wizard both build their forms from
``leakdesk.settings.SETTINGS`` through this, so a setting is declared once
and checked the same way everywhere (``settings.validate``).
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from leakdesk import settings as settings_mod
from leakdesk.errors import SettingsError
from leakdesk.settings import CHOICES, Setting, Settings, is_yes
from ui.dialogs.hours_grid import HoursGrid
from ui.views.wrapped_labels import keep_lines


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
        elif setting.name == "business.hours" and HoursGrid.fits(text):
            self.grid = HoursGrid(self)
            self.editor = self.grid
            self.grid.changed.connect(self.check)
        elif setting.name == "business.holidays_country":
            self.combo = QComboBox(self)
            self.combo.addItem("No public holidays", "")
            for code, name in holiday_places():
                self.combo.addItem(name, code)
            self.combo.setEditable(True)  # typing finds a country or region ("Scot", "GB-SCT")
            _search_anywhere(self.combo)
            self.editor = self.combo
            self.combo.currentTextChanged.connect(lambda _t: self.check())
        elif setting.name in CHOICES or setting.name == "business.timezone":
            self.combo = QComboBox(self)
            self.combo.addItems(sorted(zoneinfo.available_timezones()) if setting.name == "business.timezone"
                                else list(CHOICES[setting.name]))
            self.combo.setEditable(setting.name == "business.timezone")
            if setting.name == "business.timezone":
                _search_anywhere(self.combo)  # "York" finds America/New_York
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
            said = setting.help
            if isinstance(self.editor, HoursGrid):  # the typed form's example means nothing beside pickers
                said = "Tick the days you are open; 'and' adds a second window (after a lunch break)."
            hint = QLabel(said, self)
            hint.setObjectName("settingHelp")
            hint.setWordWrap(True)
            keep_lines(self, [hint])  # a dialog made small keeps every line of the help
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
        if isinstance(self.editor, HoursGrid):
            return self.grid.text()
        if self.setting.name == "business.holidays_country":
            return _place_code(self.combo)
        if isinstance(self.editor, QComboBox):
            return self.combo.currentText().strip()
        return self.line.text().strip()

    def set_text(self, text: str) -> None:
        if self.setting.kind == "yes_no":
            self.check_box.setChecked(is_yes(text))
        elif isinstance(self.editor, HoursGrid):
            self.grid.set_text(text)
        elif self.setting.name == "business.holidays_country":
            found = self.combo.findData(text.strip().upper())
            if found >= 0:
                self.combo.setCurrentIndex(found)
            else:
                self.combo.setCurrentText(text)
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


def holiday_places() -> list[tuple[str, str]]:
    """(code, name) of every country the holidays package knows, each followed by its regions:
    ("GB", "United Kingdom (GB)"), ("GB-SCT", "United Kingdom: SCT"), ..."""
    import holidays
    from holidays import registry

    names = {entry[1]: module.replace("_", " ").title() for module, entry in registry.COUNTRIES.items()}
    out: list[tuple[str, str]] = []
    for code, regions in sorted(holidays.list_supported_countries().items(), key=lambda kv: names.get(kv[0], kv[0])):
        name = names.get(code, code)
        out.append((code, f"{name} ({code})"))
        out.extend((f"{code}-{region}", f"{name}: {region} ({code}-{region})") for region in regions)
    return out


def _place_code(combo: QComboBox) -> str:
    """The code of the chosen place; typed text ("GB-SCT", or a name as listed) is read too."""
    text = combo.currentText().strip()
    index = combo.findText(text)
    if index >= 0:
        return str(combo.itemData(index) or "")
    return text.rsplit("(", 1)[-1].rstrip(")").strip() if text.endswith(")") else text


def _search_anywhere(combo: QComboBox) -> None:
    """An editable list that finds an entry by any part of it, not only its start."""
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)


def fields_for(names: list[str], settings: Settings, parent: QWidget) -> dict[str, SettingField]:
    return {name: SettingField(settings_mod.setting(name), settings.text(name), parent) for name in names}
