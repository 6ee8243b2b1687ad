"""A person at a browser, for LeakDesk started as a process of its own: ``BROWSER="python -m
tests.support.browser %s"`` makes Python's ``webbrowser`` run this with the sign-in address. It
accepts at the test authorization server (whose CA is in LEAKDESK_TEST_BROWSER_CA) in a detached
child and returns at once, as a real browser does (the app only starts listening for the answer
after the browser was opened)."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys

from tests.support.auth_server import browse


def main(argv: list[str]) -> int:
    if argv[:1] == ["--now"]:
        browse(argv[1], ssl.create_default_context(cafile=os.environ["LEAKDESK_TEST_BROWSER_CA"]))
        return 0
    subprocess.Popen([sys.executable, "-m", "tests.support.browser", "--now", argv[0]], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
