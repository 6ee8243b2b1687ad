"""Soak of the capture fault tests: many more rounds than the suite runs.

Usage: .venv/bin/python bench/faults.py [ROUNDS]   (default 200; the suite runs 20)
Each round imports 2,000 messages through a connection cut at random points,
a server restart, or a SIGKILL of the sync process, then checks every message
is stored exactly once. Prints the pytest summary.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    env = {**os.environ, "LEAKDESK_FAULT_ROUNDS": str(rounds)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/mail/test_faults.py"]
    print(f"running {rounds // 20 * 20} fault rounds ...", flush=True)
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
