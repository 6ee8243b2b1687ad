"""The core and its tests need no Qt: every core test runs again in a process where importing
PySide6 or pyqtgraph fails (import-linter keeps leakdesk/ from Qt; this keeps tests/core honest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_tests_pass_where_qt_cannot_be_imported(tmp_path: Path) -> None:
    for name in ("PySide6", "shiboken6", "pyqtgraph"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(f"raise ImportError('{name} is not installed here')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/core", "-q", "-x", "-p", "no:pytest-qt", "-p", "no:cacheprovider",
         "-o", "addopts=", "-W", "ignore::pytest.PytestConfigWarning",  # the qt_* options of pytest-qt
         "--deselect", "tests/core/test_without_qt.py::test_core_tests_pass_where_qt_cannot_be_imported"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "error" not in done.stdout.splitlines()[-1]
