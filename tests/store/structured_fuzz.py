"""A structure-aware fuzzer of the three readers: .cjm, cjm-json and the workbook.

A case starts from a valid map (drawn by the hypothesis strategies of
tests/model/strategies.py), writes it in one form, and damages it the way that
form can be damaged: .cjm bytes (bit flips, overwritten runs, truncation), SQL
rows (a hostile value put in a random column of a random row, a row deleted or
doubled), the JSON tree (a node replaced by a hostile value, a key removed or
added) or workbook cells (a hostile value in a random cell). Then the reader runs,
and ``run_case`` checks what a user would: no crash (only the readers' own
one-line refusals), the input byte-identical, nothing left beside it.
Hangs are caught by the callers (a subprocess or pool timeout).

Used by tests/store/test_fuzz_structured.py (a few dozen cases in CI) and by
tools/fuzz_readers.py (long runs; see docs/reliability.md).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import sqlite3
from pathlib import Path
from typing import Any

from app.export.json_form import read_json
from app.export.xlsx_export import export_workbook
from app.export.xlsx_import import read_workbook
from app.export.xlsx_reader import WorkbookError
from app.model.codec import FormatError, map_to_dict
from app.model.journey import JourneyMap
from app.model.store import StoreError, open_map, save_map

FORMS = ("cjm-bytes", "cjm-rows", "json", "xlsx")

#: The readers' own refusals: each carries a one-line message naming the place.
CLEAN = (StoreError, FormatError, WorkbookError)

#: Values that have broken readers before, or could: extremes, wrong types, odd text.
HOSTILE: list[Any] = [
    None, 0, -1, 1, 5, 6, 2**31, 2**63 - 1, -(2**63), 1e308, -1e308, 1e-320, math.inf,
    -math.inf, 0.5, "", " ", "x" * 40_000, "\x00", "\ud800", "\r\n", "=1+1", "NaN",
    "Infinity", "[[[[", '{"a": 1}', "[]", "null", "#zzzzzz", "2026-13-45", "café ☕",
    "a" * 101, True, False,
]  # fmt: skip
#: JSON-only values: containers and numbers json.dumps cannot hold as Python floats.
HOSTILE_JSON: list[Any] = [*HOSTILE, [], {}, [None], {"kind": "csat"}, [[[[[]]]]]]
_HUGE_INT_TEXT = "1" + "0" * 400


class Crash(AssertionError):
    """A reader failed in a way a user would see as a crash, hang or change."""


def run_case(journey: JourneyMap, form: str, seed: int, folder: Path) -> str:
    """Write ``journey`` as ``form``, damage it (by ``seed``), read it; return the outcome.

    The outcome is "ok" or the refusal's message. Raises Crash for an unexpected
    exception, a message that is not one line naming the file, a changed input, a
    file left behind or a file left open.
    """
    rng = random.Random(seed)
    path = _damaged(journey, form, rng, folder)
    before = _fingerprint(folder)
    open_before = _open_files()
    reader = open_map if form.startswith("cjm") else read_json if form == "json" else read_workbook
    try:
        reader(path)
        outcome = "ok"
    except CLEAN as error:
        outcome = str(error)
        if "\n" in outcome or not outcome.strip():
            raise Crash(f"{form} seed {seed}: message not one line: {outcome!r}") from None
        if isinstance(error, StoreError) and not outcome.startswith(f"{path.name}: "):
            raise Crash(
                f"{form} seed {seed}: message does not name the file: {outcome!r}"
            ) from None
    except Exception as error:  # anything else is what the fuzzer looks for
        raise Crash(f"{form} seed {seed}: {type(error).__name__}: {error}"[:500]) from error
    if _fingerprint(folder) != before:
        raise Crash(f"{form} seed {seed}: the input or its folder changed")
    if _open_files() > open_before:  # a reader that lets go of the file only at collection
        raise Crash(f"{form} seed {seed}: the reader left a file open")
    return outcome


def _open_files() -> int:
    """This process's open file descriptors (0 where the system does not list them)."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return 0


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _damaged(journey: JourneyMap, form: str, rng: random.Random, folder: Path) -> Path:
    if form == "cjm-bytes":
        path = folder / "case.cjm"
        save_map(journey, path)
        path.write_bytes(_mutate_bytes(path.read_bytes(), rng))
        return path
    if form == "cjm-rows":
        path = folder / "case.cjm"
        save_map(journey, path)
        _mutate_rows(path, rng)
        return path
    if form == "json":
        path = folder / "case.json"
        tree = map_to_dict(journey)
        for _ in range(rng.randint(1, 3)):
            tree = _mutate_tree(tree, rng)
        text = json.dumps(tree, ensure_ascii=rng.random() < 0.5, allow_nan=True, default=str)
        path.write_text(text.replace('"__huge_int__"', _HUGE_INT_TEXT), "utf-8", "surrogatepass")
        return path
    path = folder / "case.xlsx"
    export_workbook(journey, path)
    _mutate_cells(path, rng)
    return path


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        action = rng.choice(("flip", "splat", "truncate"))
        position = rng.randrange(max(1, len(damaged)))
        if action == "flip":
            damaged[position] ^= rng.randint(1, 255)
        elif action == "splat":
            run = rng.randbytes(rng.randint(1, 64))
            damaged[position : position + len(run)] = run
        elif rng.random() < 0.2:  # truncation ends most files' story: less often
            del damaged[max(1, position) :]
    return bytes(damaged)


def _mutate_rows(path: Path, rng: random.Random) -> None:
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]  # fmt: skip
        for _ in range(rng.randint(1, 3)):
            table = rng.choice(tables)
            rowids = [r for (r,) in connection.execute(f"SELECT rowid FROM {table}")]
            if not rowids:
                continue
            rowid = rng.choice(rowids)
            action = rng.random()
            try:
                if action < 0.1:
                    connection.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
                elif action < 0.2:  # the same row again under another key, where allowed
                    connection.execute(
                        f"INSERT OR IGNORE INTO {table} SELECT * FROM {table} WHERE rowid = ?",
                        (rowid,),
                    )
                else:
                    columns = [c for (c,) in connection.execute(
                        f"SELECT name FROM pragma_table_info('{table}')")]  # fmt: skip
                    column = rng.choice(columns)
                    value = _sql_value(rng, connection, table, column)
                    connection.execute(
                        f"UPDATE OR IGNORE {table} SET {column} = ? WHERE rowid = ?",
                        (value, rowid),
                    )
            except sqlite3.Error:  # NOT NULL and the like: this damage cannot be stored
                continue
        connection.commit()
    finally:
        connection.close()


def _sql_value(rng: random.Random, connection: sqlite3.Connection, table: str, column: str) -> Any:
    roll = rng.random()
    if roll < 0.15:  # a value from another row of the same column (duplicates, swaps)
        values = [v for (v,) in connection.execute(f"SELECT {column} FROM {table} LIMIT 50")]
        return rng.choice(values)
    if roll < 0.25:
        return rng.randbytes(rng.randint(0, 40))
    value = rng.choice(HOSTILE)
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "\ufffd"
    return value


def _mutate_tree(tree: Any, rng: random.Random) -> Any:
    """``tree`` with one node replaced, removed or given an unknown key."""
    nodes: list[tuple[Any, Any]] = []  # (container, key) of every node
    stack = [tree]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            nodes.append((node, key))
            if isinstance(child, dict | list):
                stack.append(child)
    if not nodes:
        return rng.choice(HOSTILE_JSON)
    container, key = rng.choice(nodes)
    roll = rng.random()
    if roll < 0.1 and isinstance(container, dict):
        del container[key]
    elif roll < 0.15 and isinstance(container, dict):
        container[f"unknown_{rng.randint(0, 9)}"] = rng.choice(HOSTILE_JSON)
    elif roll < 0.2:
        container[key] = "__huge_int__"
    elif roll < 0.25 and isinstance(container[key], list) and container[key]:
        container[key] = container[key] * rng.randint(2, 4)  # duplicate ids
    else:
        container[key] = rng.choice(HOSTILE_JSON)
    return tree


def _mutate_cells(path: Path, rng: random.Random) -> None:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell

    book = load_workbook(path)
    for _ in range(rng.randint(1, 4)):
        sheet = rng.choice(book.worksheets)
        row = rng.randint(1, max(sheet.max_row, 1) + 2)
        column = rng.randint(1, max(sheet.max_column, 1) + 2)
        value = rng.choice(HOSTILE)
        if isinstance(value, str):
            value = value.replace("\x00", "").replace("\ud800", "")
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)  # a workbook cell cannot hold inf; its text can
        if rng.random() < 0.1:
            value = sheet.cell(row=rng.randint(1, max(sheet.max_row, 1)), column=column).value
        cell = sheet.cell(row=row, column=column)
        if not isinstance(cell, MergedCell):  # only a merged range's first cell holds a value
            cell.value = value
    book.save(path)
