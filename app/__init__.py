"""CJM Studio: an offline desktop editor for customer journey maps."""

import os

__version__ = "0.1.0"
#: The product's name, as users see it (window titles, settings, data folder, lock holder).
APP_NAME = "CJM Studio"

# openpyxl parses with lxml whenever it is installed (python-pptx brings it), and lxml only
# leaves entities unexpanded; keep openpyxl on defusedxml, which refuses any entity
# declaration in a received workbook, the same on every machine. Read at openpyxl's import.
os.environ["OPENPYXL_LXML"] = "False"
