"""PyInstaller entry script of the frozen ``cjm-studio`` desktop app (see build.spec)."""

import sys

from app.ui.main import main

if __name__ == "__main__":
    sys.exit(main())
