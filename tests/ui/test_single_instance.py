"""One LeakDesk per data folder: a real second launch hands over to the first and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.single_instance import SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_launch_raises_the_first_and_exits(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    assert first.listen()
    try:
        with qtbot.waitSignal(first.activated, timeout=20_000):
            second = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path)],
                                      cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
        _, err = second.communicate(timeout=20)
    finally:
        first.close()
    assert second.returncode == 0
    assert "LeakDesk is already running; its window is in front now." in err
    assert not (tmp_path / "demo.sqlite").exists()           # the second one opened nothing


def test_each_data_folder_is_its_own_instance(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")
    lone = SingleInstance(tmp_path / "c")
    assert not lone.hand_over()                               # nobody to hand over to: this one runs
