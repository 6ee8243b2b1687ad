"""Where LeakDesk keeps its files (platformdirs unless --data-dir is given)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "LeakDesk"
DATABASE = "leakdesk.sqlite"
DEMO_DATABASE = "demo.sqlite"


def data_dir(override: str | Path | None = None) -> Path:
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP, False))


def log_dir(data: Path, override_given: bool) -> Path:
    return data / "logs" if override_given else Path(platformdirs.user_log_dir(APP, False))
