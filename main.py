"""LeakDesk's composition root: arguments, logging, then the app or a command."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys

from leakdesk import cli, logs, paths, secrets


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    secrets.no_core_dumps()  # before any password is read
    parser = cli.build_parser()
    args = parser.parse_args(argv)
    data = paths.data_dir(args.data_dir)
    logs.configure(paths.log_dir(data, bool(args.data_dir)))
    if args.command:
        return cli.run(args)
    if not _has_display():
        print("leakdesk: no display found; run it on a desktop session (or under xvfb-run).", file=sys.stderr)
        return 1
    logging.getLogger(__name__).info("starting the app on %s", data)
    from ui.app import run_app

    return run_app(args, data)


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a packaged app's reader process starts here (leakdesk.mail.readers)
    sys.exit(main())
