"""``?``: every key of the board and the lead window on one sheet, so the whole triage loop
(find, claim, open, log, next step, assign with a note, close) can be learnt without a mouse."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

Groups = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (title, ((keys, what they do), ...)), ...

SHORTCUTS: Groups = (
    ("Finding", (("/", "search names, addresses, phones and subjects"),
                 ("Down / Enter", "from the search to its results / open the first"),
                 ("Esc", "clear the search"),
                 ("Ctrl+K", "Check these: messages waiting for a person"))),
    ("On a card", (("J / K", "next / previous card"), ("Left / Right", "the column beside"),
                   ("Enter", "open the lead"), ("C", "claim it"), ("A", "assign it (with a handoff note)"),
                   ("L", "log a call, WhatsApp or visit"), ("N", "set the next step"), ("B", "booked"),
                   ("X", "close it: won, lost, not ready, not a lead"))),
    ("In a lead's window", (("R", "reply in your mail client"), ("L / N / B / X", "log, next step, booked, close"),
                            ("T", "a note"), ("E", "edit the contact"), ("U", "reopen a closed lead"),
                            ("Esc", "back to the board"))),
    ("In the rescue and stuck lists", (("Up / Down", "the lead above / below"), ("Enter", "open the lead"),
                                       ("C / A", "claim / assign it"), ("L / N / B / X", "log, next step, booked, "
                                                                                      "close"))),
    ("Anywhere", (("Ctrl+1 / 2 / 3", "the board / the weekly leakage / the pipeline"),
                  ("Ctrl+N", "a new lead by hand: a call, a walk-in, WhatsApp"),
                  ("Ctrl+Z", "undo the last action (for two minutes)"), ("Ctrl+Enter", "send a dialog"),
                  ("F5", "check mail now"), ("Ctrl+R", "reload the board"), ("?", "this sheet"),
                  ("Ctrl+Q", "quit"))),
)


def _table(groups: Groups) -> str:
    rows = "".join(
        f"<tr><td colspan=2><br><b>{title}</b></td></tr>"
        + "".join(f"<tr><td style='padding-right:18px'><code>{keys}</code></td><td>{what}</td></tr>"
                  for keys, what in keys_and_what)
        for title, keys_and_what in groups)
    return f"<table>{rows}</table>"


def _halves(groups: Groups) -> tuple[Groups, Groups]:
    """The groups in two columns of about as many rows each: in one, the sheet was taller than a small
    laptop's screen (793 pixels of 700), its Close button out of reach."""
    sizes = [len(keys) + 1 for _, keys in groups]
    total, best = sum(sizes), 1
    for cut in range(1, len(groups)):
        if abs(total - 2 * sum(sizes[:cut])) < abs(total - 2 * sum(sizes[:best])):
            best = cut
    return groups[:best], groups[best:]


class ShortcutSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        left, right = _halves(SHORTCUTS)
        sheet = QLabel(f"<table><tr><td valign=top style='padding-right:36px'>{_table(left)}</td>"
                       f"<td valign=top>{_table(right)}</td></tr></table>", self)
        sheet.setObjectName("shortcutSheet")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(sheet)
        box.addWidget(buttons)
