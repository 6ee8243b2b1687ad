"""The wizard's inbox page: address, provider preset, password, server, and Test connection.

Modelled on Thunderbird's account setup: the address picks a provider
preset (``leakdesk.mail.providers``) that fills server, port and security,
with the provider's own words when it wants an app password. The test runs
off the UI thread and answers in one sentence; the page is complete only
when the settings on screen have passed it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWizardPage,
)

from leakdesk.domain.accounts import Security
from leakdesk.mail import service
from leakdesk.mail.imap_source import DEFAULT_PORTS
from leakdesk.mail.providers import BY_KEY, PROVIDERS, guess
from leakdesk.mail.service import Probe
from leakdesk.store.accounts import Account
from ui.workers.background import Background

FAILED = "The test stopped unexpectedly; the log has the details."


class AccountPage(QWizardPage):
    tested = Signal(object)  # Probe

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Connect your shared inbox")
        self.setSubTitle("The address your enquiries arrive at. LeakDesk reads it and its sent folder; it never "
                         "sends mail or changes anything there.")
        self.address = QLineEdit(self)
        self.address.setObjectName("address")
        self.address.setAccessibleName("Email address")
        self.address.setPlaceholderText("hello@yourbusiness.com")
        self.provider = QComboBox(self)
        self.provider.setObjectName("provider")
        self.provider.setAccessibleName("Mail provider")
        for p in PROVIDERS:
            self.provider.addItem(p.name, p.key)
        self.note = QLabel("", self)
        self.note.setObjectName("providerNote")
        self.note.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.host = QLineEdit(self)
        self.host.setAccessibleName("Server")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setAccessibleName("Port")
        self.security = QComboBox(self)
        self.security.setAccessibleName("Security")
        self.security.addItems(["ssl", "starttls"])
        self.user = QLineEdit(self)
        self.user.setAccessibleName("User name")
        self.cafile = QLineEdit(self)
        self.cafile.setAccessibleName("Certificate authority file")
        self.cafile.setPlaceholderText("Only for a server with its own certificate")
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self._choose_cafile)
        server = QGroupBox("Server (filled in from the provider; change it if your host says otherwise)", self)
        grid = QFormLayout(server)
        grid.addRow("Server", self.host)
        grid.addRow("Port", self.port)
        grid.addRow("Security", self.security)
        grid.addRow("User name", self.user)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.cafile, 1)
        ca_row.addWidget(browse)
        grid.addRow("Certificate authority", ca_row)
        self.test_button = QPushButton("Test connection", self)
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test)
        self.result = QLabel("", self)
        self.result.setObjectName("wizardProblem")
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Email address", self.address)
        form.addRow("Provider", self.provider)
        form.addRow("", self.note)
        form.addRow("Password", self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(server)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.probe: Probe | None = None
        self.job = Background(FAILED, self)
        self.job.done.connect(self._passed)
        self.job.failed.connect(self._failed)
        self.address.textEdited.connect(self._address_changed)
        self.provider.currentIndexChanged.connect(lambda _i: self._apply_preset())
        self.security.currentTextChanged.connect(self._security_changed)
        for field in (self.password, self.host, self.user, self.cafile):
            field.textChanged.connect(self._untested)
        self.port.valueChanged.connect(self._untested)
        self._apply_preset()

    # -- presets ------------------------------------------------------------------------
    def _address_changed(self, text: str) -> None:
        preset = guess(text)
        self.provider.setCurrentIndex(self.provider.findData(preset.key))
        self._apply_preset()

    def _apply_preset(self) -> None:
        preset = BY_KEY[str(self.provider.currentData())]
        address = self.address.text().strip()
        self.host.setText(preset.host_for(address) if "@" in address or preset.host else "")
        self.security.setCurrentText(preset.security)
        self.port.setValue(preset.port)
        self.user.setText(address)
        self.note.setText(preset.app_password)
        self.note.setVisible(bool(preset.app_password))
        self._untested()

    def _security_changed(self, security: str) -> None:
        self.port.setValue(DEFAULT_PORTS.get(security, 993))
        self._untested()

    def _choose_cafile(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Certificate authority file", "", "Certificates (*.crt *.pem)")
        if path:
            self.cafile.setText(path)

    # -- the test -----------------------------------------------------------------------
    def account(self) -> Account:
        return Account(0, self.user.text().strip(), self.host.text().strip(), self.port.value(),
                       self.user.text().strip(), Security(self.security.currentText()),
                       self.cafile.text().strip() or None,
                       address=self.address.text().strip() or None)

    def test(self) -> None:
        if self.job.running:
            return
        if "@" not in self.address.text():
            self._failed("Type the email address of the shared inbox first, e.g. hello@yourbusiness.com.")
            return
        self.result.setObjectName("wizardProblem")
        self.result.setText("Testing…")
        self.test_button.setEnabled(False)
        account, password = self.account(), self.password.text()
        provider = BY_KEY[str(self.provider.currentData())]
        self.job.start(lambda: service.probe(account, password, provider))

    def _passed(self, probe: Probe) -> None:
        self.probe = probe
        self.test_button.setEnabled(True)
        self.result.setObjectName("wizardOk")
        self.result.setStyleSheet("color: #15803d;")
        shown = ", ".join(probe.folders[:8]) + (" …" if len(probe.folders) > 8 else "")
        self.result.setText(f"Connected. Folders: {shown}")
        self.tested.emit(probe)
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.probe = None
        self.test_button.setEnabled(True)
        self.result.setObjectName("wizardProblem")
        self.result.setStyleSheet("color: #b91c1c;")
        self.result.setText(message)
        self.completeChanged.emit()

    def _untested(self) -> None:
        if self.probe is not None:
            self.probe = None
            self.result.setText("Settings changed: test the connection again.")
            self.result.setStyleSheet("")
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.probe is not None
