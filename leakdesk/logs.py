"""Logging, configured once at start: a rotating file plus warnings on stderr.

Log lead ids, UIDs and Message-IDs; never passwords or message bodies.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that handle tokens and may log requests, answers or redirect addresses with codes in them at
# their debug and info levels: only their warnings reach LeakDesk's log, whatever its level.
TOKEN_HANDLERS = ("msal", "urllib3", "requests", "requests_oauthlib", "oauthlib", "google", "google_auth_oauthlib")
_configured: list[Path] = []


def current_file() -> Path | None:
    """The log file configured at start (None before, e.g. in tests)."""
    return _configured[-1] if _configured else None


def configure(folder: Path, level: int = logging.INFO) -> Path | None:
    """The rotating log file in ``folder`` plus warnings on stderr; a folder that cannot be written
    (a locked USB stick) leaves only stderr, and LeakDesk carries on. Returns the file, if any."""
    path: Path | None = folder / "leakdesk.log"
    unconfigure()
    root = logging.getLogger()
    root.setLevel(level)
    for name in TOKEN_HANDLERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    file_handler: logging.Handler | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(folder / "leakdesk.log", maxBytes=2_000_000,
                                                            backupCount=3, encoding="utf-8")
        file_handler.setFormatter(logging.Formatter(FORMAT))
        file_handler._leakdesk = True  # type: ignore[attr-defined]
    except OSError:
        path = None
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console._leakdesk = True  # type: ignore[attr-defined]
    if file_handler is not None:
        root.addHandler(file_handler)
    root.addHandler(console)
    if path is not None:
        _configured.append(path)
    else:
        logging.getLogger(__name__).warning("the log folder %s cannot be written; logging to the terminal only",
                                            folder)
    return path


def unconfigure() -> None:
    """Remove LeakDesk's handlers (tests that configured logging clean up after themselves)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_leakdesk", False):
            root.removeHandler(handler)
            handler.close()
    _configured.clear()
