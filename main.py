"""LeakDesk's composition root: arguments, logging, then the app or a command."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
from typing import Any

from leakdesk import cli, logs, paths, secrets
from leakdesk.report.weekly_mail import Renderer


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _report_renderer() -> tuple[Renderer, Any]:
    """``report --to-inbox`` draws the chart and the PDF with Qt: the renderer, and the application it
    needs (kept alive while the command runs). Without a display it draws off screen."""
    if not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from ui.report_mail import render_report

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "leakdesk"])
    return render_report, app


def main(argv: list[str] | None = None) -> int:
    secrets.no_core_dumps()  # before any password is read
    parser = cli.build_parser()
    args = parser.parse_args(argv)
    data = paths.data_dir(args.data_dir)
    logs.configure(paths.log_dir(data, bool(args.data_dir)))
    if args.command == "report" and args.to_inbox:
        renderer, _app = _report_renderer()
        return cli.run(args, renderer=renderer)
    if args.command:
        gc.freeze()  # what is loaded by now lasts the command: full collections skip it (an import runs two)
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
