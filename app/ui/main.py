"""Entry point of the desktop app: ``cjm-studio [MAP.cjm]`` and ``python -m app``.

``--self-test`` opens the given map (or an example template), renders it once
offscreen and exits 0: a quick check that a packaged build has Qt, its plugins,
the fonts and the templates it needs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app import APP_NAME


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cjm-studio", description="Edit customer journey maps.")
    parser.add_argument("map", nargs="?", type=Path, help="a .cjm map to open")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the map (or an example), render it offscreen once and exit",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    from app.ui.fonts import register_fonts

    register_fonts()
    if args.self_test:
        from app.ui.self_test import run_self_test

        return run_self_test(args.map)
    from app.ui.protection import tell_if_unprotected
    from app.ui.recovery import offer_recovery
    from app.ui.window import MainWindow

    window = MainWindow()
    window.show()
    tell_if_unprotected(window)  # no data folder: say so, and keep working
    recovered = offer_recovery(window)  # a map left unsaved by a crash comes first
    if args.map is not None:
        if recovered:  # keep the restored map: the file asked for gets its own window
            window = window.new_window()
        window.files.open(args.map, ask=False)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
