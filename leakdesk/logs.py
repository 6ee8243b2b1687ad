"""Logging, configured once at start: a rotating file plus warnings on stderr.

Log lead ids, UIDs and Message-IDs; never passwords or message bodies.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_configured: list[Path] = []


def current_file() -> Path | None:
    """The log file configured at start (None before, e.g. in tests)."""
    return _configured[-1] if _configured else None


def configure(folder: Path, level: int = logging.INFO) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "leakdesk.log"
    unconfigure()
    root = logging.getLogger()
    root.setLevel(level)
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(FORMAT))
    file_handler._leakdesk = True  # type: ignore[attr-defined]
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console._leakdesk = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    root.addHandler(console)
    _configured.append(path)
    return path


def unconfigure() -> None:
    """Remove LeakDesk's handlers (tests that configured logging clean up after themselves)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_leakdesk", False):
            root.removeHandler(handler)
            handler.close()
    _configured.clear()
