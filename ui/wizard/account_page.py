"""The wizard's inbox page: address, provider preset, sign-in or password, server, and a test.

Modelled on Thunderbird's account setup: the address picks a provider
preset (``leakdesk.mail.providers``) that fills server, port and security,
with the provider's own words when it wants an app password. Microsoft 365 /
Outlook.com and Google offer "Sign in with …" (OAuth2 in the system browser;
Microsoft also with a code on another device); a shared mailbox is its own
address, signed in to as its delegate. The sign-in and the password test run
off the UI thread and answer in one sentence; the page is complete only when
the settings on screen have passed one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from PySide6.QtCore import Qt, Signal
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
    QWidget,
    QWizardPage,
)

from leakdesk.domain.accounts import Security, SignIn
from leakdesk.mail import service
from leakdesk.mail.imap_source import DEFAULT_PORTS
from leakdesk.mail.providers import BY_KEY, PROVIDERS, guess
from leakdesk.mail.service import Probe, SignedIn
from leakdesk.store.accounts import Account
from ui.workers.background import Background
from ui.workers.sign_in_job import SignInJob

# The providers whose mail apps sign in with OAuth2, and whether a password is still an option there
# (Microsoft switched password sign-in for IMAP off; Google still takes an app password).
OAUTH = {"microsoft": (SignIn.MICROSOFT, False), "gmail": (SignIn.GOOGLE, True)}

FAILED = "The test stopped unexpectedly; the log has the details."
WAITING = "color: palette(window-text);"  # a step under way is neither a problem nor a success


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
        self.sign_in_button = QPushButton("Sign in", self)
        self.sign_in_button.setObjectName("signIn")
        self.sign_in_button.clicked.connect(lambda: self.sign_in())
        self.code_button = QPushButton("Use a code instead", self)
        self.code_button.setObjectName("signInWithCode")
        self.code_button.setToolTip("Sign in on any device (your phone) with a code, when this computer's browser "
                                    "cannot finish the sign-in")
        self.code_button.clicked.connect(lambda: self.sign_in(device_code=True))
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelSignIn")
        self.cancel_button.clicked.connect(self.cancel_sign_in)
        self.cancel_button.setVisible(False)
        sign_in_row = QHBoxLayout()
        sign_in_row.addWidget(self.sign_in_button)
        sign_in_row.addWidget(self.code_button)
        sign_in_row.addWidget(self.cancel_button)
        sign_in_row.addStretch(1)
        self.sign_in_box = QWidget(self)
        self.sign_in_box.setLayout(sign_in_row)
        sign_in_row.setContentsMargins(0, 0, 0, 0)
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
        form.addRow("", self.sign_in_box)
        form.addRow("Password", self.password)
        self.form = form
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
        self.signed: SignedIn | None = None  # a sign-in that passed (kept when the wizard saves)
        self.stored_settings: Callable[[], Mapping[str, str]] = dict  # the wizard's: app registrations
        self.signing = SignInJob(self)
        self.signing.done.connect(self._signed_in)
        self.signing.failed.connect(self._failed)
        self.signing.code_shown.connect(self._show_code)
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
        oauth = OAUTH.get(preset.key)
        name = oauth[0].value.capitalize() if oauth else ""
        self.sign_in_button.setText(f"Sign in with {name}")
        self.code_button.setVisible(oauth is not None and oauth[0] == SignIn.MICROSOFT)
        self.form.setRowVisible(self.sign_in_box, oauth is not None)
        self.form.setRowVisible(self.password, oauth is None or oauth[1])
        self.test_button.setVisible(oauth is None or oauth[1])
        label = self.form.labelForField(self.password)
        if isinstance(label, QLabel):
            label.setText("Or an app password" if oauth else "Password")
        note = preset.app_password
        if oauth and oauth[0] == SignIn.MICROSOFT:
            note = ("Microsoft 365 and Outlook.com let mail apps in only with a sign-in: choose Sign in with "
                    "Microsoft. For a shared mailbox, type its address and sign in as yourself.")
        elif oauth:
            note = (f"Choose Sign in with {name}. Or, where your organisation allows app passwords: turn on 2-Step "
                    "Verification, create one under Google Account > Security > App passwords and paste it below.")
        self.note.setText(note)
        self.note.setVisible(bool(note))
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
        self.result.setStyleSheet(WAITING)
        self.result.setText("Testing…")
        self.test_button.setEnabled(False)
        account, password = self.account(), self.password.text()
        provider = BY_KEY[str(self.provider.currentData())]
        self.job.start(lambda: service.probe(account, password, provider))

    # -- OAuth2 sign-in -------------------------------------------------------------------
    def sign_in(self, device_code: bool = False) -> None:
        """Sign in with the provider in the browser (or with a code), then log in and list the folders."""
        oauth = OAUTH.get(str(self.provider.currentData()))
        address = self.address.text().strip()
        if oauth is None:
            return
        if "@" not in address:
            self._failed("Type the email address of the shared inbox first, e.g. hello@yourbusiness.com.")
            return
        draft = self.account()

        def then(signed: SignedIn) -> tuple[SignedIn, Probe]:
            account = service.oauth_draft(signed, address, host=draft.host, port=draft.port,
                                          security=draft.security, cafile=draft.cafile)
            return signed, service.probe_signed_in(account, signed)

        self._untested()
        self._waiting(True)
        name = oauth[0].value.capitalize()
        self.result.setStyleSheet(WAITING)
        self.result.setText("Asking Microsoft for a code…" if device_code else
                            f"Finish signing in with {name} in your browser; LeakDesk waits here.")
        self.signing.start(oauth[0], address, self.stored_settings(), then, device_code=device_code)

    def cancel_sign_in(self) -> None:
        self.signing.cancel()
        self._waiting(False)
        self.result.setStyleSheet(WAITING)
        self.result.setText("Sign-in cancelled.")

    def _waiting(self, waiting: bool) -> None:
        for button in (self.sign_in_button, self.code_button, self.test_button):
            button.setEnabled(not waiting)
        self.cancel_button.setVisible(waiting)
        if not waiting:
            self.result.setTextFormat(Qt.TextFormat.PlainText)  # sentences from mail servers are text
            self.result.setToolTip("")

    def _show_code(self, message: str, url: str, code: str) -> None:
        self.result.setStyleSheet(WAITING)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.result.setOpenExternalLinks(True)
        self.result.setText(f"On any device, open <a href=\"{escape(url)}\">{escape(url)}</a> and enter the code "
                            f"<b style='font-size:14pt'>{escape(code)}</b>. LeakDesk waits here.")
        self.result.setToolTip(message)

    def _signed_in(self, value: tuple[SignedIn, Probe]) -> None:
        signed, probe = value
        self._waiting(False)
        self._passed(probe)
        self.signed = signed
        address = self.address.text().strip().lower()
        who = (f"Signed in as {signed.person}; LeakDesk opens the shared mailbox {address}."
               if signed.person != address else f"Signed in as {signed.person}.")
        self.result.setText(f"{who} {self.result.text()}")
        self.completeChanged.emit()

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
        self.signed = None
        self._waiting(False)
        self.result.setObjectName("wizardProblem")
        self.result.setStyleSheet("color: #b91c1c;")
        self.result.setText(message)
        self.completeChanged.emit()

    def _untested(self) -> None:
        if self.probe is not None:
            self.probe = None
            self.signed = None
            self.result.setText("Settings changed: test the connection again.")
            self.result.setStyleSheet("")
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.probe is not None
