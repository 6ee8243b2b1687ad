"""Editing reply templates with a live preview of the draft a prospect would get.

The list shows the shipped templates (marked when edited) and the
business's own. The preview renders exactly what a draft would carry
(``leakdesk.domain.templates.render``) for a sample prospect, or for the
lead the dialog was opened from; an unknown placeholder is named under the
text, since it would reach the prospect as written.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from leakdesk.clock import Clock
from leakdesk.domain import Lead
from leakdesk.domain.cadences import NAMES, TITLES
from leakdesk.domain.templates import (
    PLACEHOLDERS,
    Template,
    checked,
    context_values,
    name_for,
    render,
    unknown_placeholders,
)
from leakdesk.errors import LeakDeskError
from leakdesk.store import Store

NameRole = Qt.ItemDataRole.UserRole + 1
SAMPLE_NAME, SAMPLE_SUBJECT = "Ann Lee", "Knee pain: can I book an assessment?"


class TemplateEditor(QDialog):
    saved = Signal(str)  # the template's name

    def __init__(self, store: Store, clock: Clock, lead: Lead | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.clock, self.lead = store, clock, lead
        self.setObjectName("templateEditor")
        self.setWindowTitle("Reply templates")
        self.resize(960, 620)  # within a 1024×700 screen, with its title bar and a task bar
        self.current: Template | None = None
        self._loading = False

        self.list = QListWidget(self)
        self.list.setObjectName("templateList")
        self.list.setAccessibleName("Templates")
        self.list.currentItemChanged.connect(lambda *_: self._select())
        self.new_button = QPushButton("New", self)
        self.new_button.clicked.connect(self.new_template)
        self.remove_button = QPushButton("Reset to shipped", self)
        self.remove_button.setObjectName("removeTemplate")
        self.remove_button.clicked.connect(self.remove_current)
        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        left_box.addLayout(row)

        self.title = QLineEdit(self)
        self.title.setObjectName("templateTitle")
        self.title.setAccessibleName("Title")
        self.subject = QLineEdit(self)
        self.subject.setObjectName("templateSubject")
        self.subject.setAccessibleName("Subject")
        self.subject.setPlaceholderText("Empty: Re: <the enquiry's subject>")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("templateBody")
        self.body.setAccessibleName("Message text")
        self.insert_button = QPushButton("Insert placeholder", self)
        menu = QMenu(self.insert_button)
        for name, help_text in PLACEHOLDERS.items():
            action = menu.addAction(f"{{{name}}} — {help_text}")
            action.triggered.connect(lambda _=False, n=name: self.insert(n))
        self.insert_button.setMenu(menu)
        self.warning = QLabel("", self)
        self.warning.setObjectName("templateWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b45309;")
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("templatePreview")
        self.preview.setAccessibleName("Preview")
        self.preview.setOpenLinks(False)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Subject", self.subject)
        middle = QWidget(self)
        mid_box = QVBoxLayout(middle)
        mid_box.setContentsMargins(0, 0, 0, 0)
        mid_box.addLayout(form)
        mid_box.addWidget(self.body, 1)
        tools = QHBoxLayout()
        tools.addWidget(self.insert_button)
        tools.addStretch(1)
        mid_box.addLayout(tools)
        mid_box.addWidget(self.warning)
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        who = f"for {lead.contact_name}" if lead is not None and lead.contact_name else f"for {SAMPLE_NAME} (a sample)"
        right_box.addWidget(QLabel(f"<b>Preview</b> {escape(who)}", self))
        right_box.addWidget(self.preview, 1)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(middle)
        split.addWidget(right)
        split.setSizes([210, 390, 340])

        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName("saveTemplate")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        for field in (self.title, self.subject):
            field.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self.reload()

    # -- the list -------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        select = select or (self.current.name if self.current else None)
        self.list.clear()
        for template in self.store.templates.all():
            mark = "" if not template.builtin else " (edited)" if self.store.templates.is_edited(template.name) \
                else ""
            item = QListWidgetItem(template.title + mark + ("" if template.builtin else "  · yours"))
            item.setData(NameRole, template.name)
            self.list.addItem(item)
            if template.name == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def select(self, name: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(NameRole) == name:
                self.list.setCurrentRow(i)

    def _select(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.current = self.store.templates.get(str(item.data(NameRole)))
        self._loading = True
        self.title.setText(self.current.title)
        self.subject.setText(self.current.subject)
        self.body.setPlainText(self.current.body)
        self._loading = False
        builtin = self.current.builtin
        self.remove_button.setText("Reset to shipped" if builtin else "Delete")
        self.remove_button.setEnabled(not builtin or self.store.templates.is_edited(self.current.name))
        self.save_button.setEnabled(False)
        self.update_preview()

    # -- editing --------------------------------------------------------------------
    def edited(self) -> Template:
        assert self.current is not None
        return Template(self.current.name, self.title.text(), self.subject.text(), self.body.toPlainText(),
                        self.current.builtin)

    def _changed(self) -> None:
        if not self._loading:
            self.save_button.setEnabled(True)
            self.update_preview()

    def insert(self, placeholder: str) -> None:
        self.body.insertPlainText(f"{{{placeholder}}}")
        self.body.setFocus()

    def _values(self) -> tuple[dict[str, str], str]:
        settings = self.store.settings.load()
        owner = None
        lead = self.lead
        if lead is not None and lead.owner_id is not None:
            owner = self.store.people.get(lead.owner_id).name
        elif team := self.store.people.all():
            owner = team[0].name
        subject = lead.subject if lead is not None else SAMPLE_SUBJECT
        return context_values(contact_name=lead.contact_name if lead is not None else SAMPLE_NAME,
                              business_name=settings.text("business.name"), owner_name=owner, subject=subject,
                              booking_link=settings.text("followup.booking_link")), subject

    def update_preview(self) -> None:
        if self.current is None:
            return
        template = self.edited()
        values, subject = self._values()
        out = render(template, values, subject)
        self.preview.setHtml(f"<p><b>Subject:</b> {escape(out.subject)}</p><hr>{out.html}")
        unknown = unknown_placeholders(template.subject, template.body)
        self.warning.setText(
            "" if not unknown else
            f"{', '.join('{' + u + '}' for u in unknown)} is not a placeholder; the prospect would see it as "
            "written. Use Insert placeholder for the ones LeakDesk fills in.")

    def new_template(self) -> None:
        taken = {t.name for t in self.store.templates.all()}
        template = Template(name_for("New template", taken), "New template", "",
                            "Hi {first_name},\n\n\n\n{signature}", builtin=False)
        self.store.templates.save(template, self.clock.now())
        self.reload(select=template.name)
        self.title.selectAll()
        self.title.setFocus()

    def save(self) -> bool:
        try:
            template = checked(self.edited())
        except LeakDeskError as exc:
            QMessageBox.information(self, "Template not saved", str(exc))
            return False
        self.store.templates.save(template, self.clock.now())
        self.current = template
        self.reload(select=template.name)
        self.saved.emit(template.name)
        return True

    def remove_current(self) -> None:
        if self.current is None:
            return
        name = self.current.name
        if not self.current.builtin:
            settings = self.store.settings.load()
            using = [c for c in NAMES if any(step.template == name for step in settings.get(f"followup.cadence.{c}"))]
            if using:
                QMessageBox.information(self, "Template kept", f"The {TITLES[using[0]].lower()} cadence sends this "
                                        f"template; take it out of followup.cadence.{using[0]} first.")
                return
        self.store.templates.remove(name)
        self.current = None
        self.reload(select=name)
