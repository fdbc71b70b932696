"""Finding the cell behind openpyxl's "invalid literal for int()": a number cell whose
stored value is not a number (``NaN``, ``inf``, text), which openpyxl reports without
saying where. Only read after openpyxl has failed, so a good workbook never pays for it.
"""

from __future__ import annotations

import math
import zipfile
from typing import IO

from defusedxml.ElementTree import iterparse

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def bad_number_cell(archive: zipfile.ZipFile, part: str) -> tuple[str, str] | None:
    """(cell reference, problem) of the first number cell in the sheet XML ``part`` whose
    value is not a finite number; None if there is none (or the part cannot be read)."""
    try:
        with archive.open(part) as source:
            return _scan(source)
    except Exception:  # only a better message is at stake: the caller has one
        return None


def _scan(source: IO[bytes]) -> tuple[str, str] | None:
    for _, element in iterparse(source):
        if element.tag == f"{_MAIN_NS}row":
            element.clear()
            continue
        if element.tag != f"{_MAIN_NS}c" or element.get("t", "n") != "n":
            continue
        value = element.find(f"{_MAIN_NS}v")
        text = (value.text or "").strip() if value is not None else ""
        if text and not _finite(text):
            shown = text if len(text) <= 20 else text[:17] + "..."
            return element.get("r", "?"), f"a number cell holds {shown!r}, which is not a number"
    return None


def _finite(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False
