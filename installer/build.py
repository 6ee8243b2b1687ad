"""Build the one-folder bundle with PyInstaller, then prove it starts: `make bundle`.

Prints the build time and the bundle's size, then launches the bundle in
demo mode on a fresh data folder (under Xvfb from `make bundle`) with
LEAKDESK_SMOKE_SCREENSHOT set: the app saves a picture of its board once
loaded and quits. The picture lands in dist/smoke-board.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "LeakDesk"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build() -> float:
    started = perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
                    str(ROOT / "installer" / "leakdesk.spec")], check=True, cwd=ROOT)
    if sys.platform.startswith("linux"):  # the menu entry and the per-user installer travel with the bundle
        for name in ("leakdesk.desktop", "install.sh"):
            shutil.copy2(ROOT / "installer" / "linux" / name, BUNDLE / name)
    return perf_counter() - started


def smoke() -> tuple[float, Path]:
    """Start the bundle in demo mode; it saves a screenshot of the board and exits."""
    shot = DIST / "smoke-board.png"
    shot.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "LEAKDESK_SMOKE_SCREENSHOT": str(shot)}
        started = perf_counter()
        done = subprocess.run([str(BUNDLE / "LeakDesk"), "--data-dir", data, "--demo"], env=env, timeout=120,
                              capture_output=True, text=True)
        elapsed = perf_counter() - started
    if done.returncode != 0 or not shot.exists() or shot.stat().st_size < 20_000:
        sys.exit(f"the bundle did not show its board (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, shot


def main() -> None:
    if "--smoke-only" not in sys.argv:
        shutil.rmtree(BUNDLE, ignore_errors=True)
        seconds = build()
        print(f"built {BUNDLE} in {seconds:.0f} s")
    print(f"bundle size: {folder_size(BUNDLE) / 1e6:.0f} MB ({sum(1 for _ in BUNDLE.rglob('*'))} files)")
    elapsed, shot = smoke()
    print(f"demo board shown and saved to {shot} in {elapsed:.1f} s from launch")


if __name__ == "__main__":
    main()
