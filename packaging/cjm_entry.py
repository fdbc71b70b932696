"""PyInstaller entry script of the frozen ``cjm`` command line (see build.spec)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
