"""`python -m app`: starts the desktop app, like `cjm-studio`."""

import sys

from app.ui.main import main

sys.exit(main())
