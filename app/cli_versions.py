"""`cjm diff`, `cjm snapshot` and `cjm versions`: a map's versions on the command line.

``cjm diff A B`` compares two maps, each a file or ``FILE@SNAPSHOT`` (a snapshot by
name); ``cjm diff MAP.cjm --future`` compares a map's current state with its future
state. It prints the changes grouped per kind of element, or ``--json`` (the
"cjm-diff" form, docs/file-format.md), and ``--pdf REPORT.pdf`` writes the printable
"What changed" report. The exit status is 0 whether or not the maps differ.

``cjm future MAP.cjm`` creates the map's future state (``app.model.future``), which
``cjm export MAP.cjm --future ...`` exports. ``cjm snapshot MAP.cjm --name NAME``
keeps the map as it is now as a named snapshot. Both save under the rules of every
command that writes a map (the open-once lock, the backup); ``cjm versions MAP.cjm``
lists the snapshots.
"""

from __future__ import annotations

import argparse
import getpass
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.cli import CommandError, _check_outputs, _holding, _same_file, _write
from app.model.diff import MapDiff, diff_maps, future_diff
from app.model.diff_json import diff_to_plain
from app.model.diff_report import report, report_lines
from app.model.document import MapDocument, Snapshot
from app.model.errors import ModelError
from app.model.future import create_future
from app.model.journey import JourneyMap
from app.model.snapshots import (
    COUNTS,
    find_snapshot,
    snapshot_map,
    summaries,
    take_snapshot,
)
from app.model.store import open_document
from app.model.store.workspace import save_with_backup

#: Text values in the printed report are cut to this many characters (the PDF has them whole).
SHOWN_CHARACTERS = 100


def add_version_commands(commands: Any) -> None:
    """Register diff, snapshot and versions with the `cjm` parser's subcommands."""
    diff = commands.add_parser(
        "diff",
        help="show what changed between two maps (FILE or FILE@SNAPSHOT), "
        "or between a map's current and future state",
    )
    diff.add_argument("old", metavar="A", help="MAP.cjm, or MAP.cjm@SNAPSHOT for a snapshot")
    diff.add_argument("new", metavar="B", nargs="?", help="MAP.cjm or MAP.cjm@SNAPSHOT")
    diff.add_argument(
        "--future", action="store_true", help="compare A's current state with its future state"
    )
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.add_argument(
        "--pdf", type=Path, metavar="REPORT.pdf", help='write a printable "What changed" report'
    )
    diff.add_argument("--overwrite", action="store_true", help="replace an existing REPORT.pdf")
    diff.set_defaults(handler=_diff)

    snapshot = commands.add_parser("snapshot", help="keep the map as it is now, under a name")
    snapshot.add_argument("map", type=Path, metavar="MAP.cjm")
    snapshot.add_argument("--name", required=True, metavar="NAME", help="the snapshot's name")
    snapshot.add_argument(
        "--author", metavar="NAME", help="who takes it (default: your login name)"
    )
    snapshot.set_defaults(handler=_snapshot)

    versions = commands.add_parser("versions", help="list a map's snapshots")
    versions.add_argument("map", type=Path, metavar="MAP.cjm")
    versions.add_argument("--json", action="store_true", help="print JSON")
    versions.set_defaults(handler=_versions)
    future = commands.add_parser(
        "future", help="create the map's future state, derived from its current state"
    )
    future.add_argument("map", type=Path, metavar="MAP.cjm")
    future.set_defaults(handler=_create_future)


# ---------------------------------------------------------------------- diff
@dataclass
class _Side:
    """One map compared: where it comes from, in words and as JSON."""

    journey: JourneyMap
    label: str
    source: dict[str, Any] = field(default_factory=dict)


class _Documents:
    """The documents read by one command, each file once however often it is named."""

    def __init__(self) -> None:
        self._read: dict[Path, MapDocument] = {}

    def get(self, path: Path) -> MapDocument:
        key = path.resolve()
        if key not in self._read:
            self._read[key] = open_document(path)  # StoreError: "error: FILE: problem"
        return self._read[key]


def split_source(text: str) -> tuple[Path, str | None]:
    """``FILE`` or ``FILE@SNAPSHOT`` as a path and a snapshot name (None for the file).

    A name that exists as a file is a file, ``@`` and all. Otherwise the map is the
    part before the first ``@`` that leaves an existing file (snapshot names may hold
    ``@``), else before the last one.
    """
    if "@" not in text or Path(text).exists():
        return Path(text), None
    for index, char in enumerate(text):
        if char == "@" and index and Path(text[:index]).is_file():
            return Path(text[:index]), text[index + 1 :]
    head, _, name = text.rpartition("@")
    return Path(head or text), name


def _side(text: str, documents: _Documents) -> _Side:
    path, name = split_source(text)
    document = documents.get(path)
    if name is None:
        return _Side(document.current, path.name, {"file": str(path), "snapshot": None,
                                                   "map": "current"})  # fmt: skip
    if not name:
        raise CommandError(f"{path.name}: give a snapshot's name after @ (cjm versions lists them)")
    try:
        snapshot = find_snapshot(document, name)
        journey = snapshot_map(document, snapshot)
    except ModelError as error:
        raise CommandError(f"{path.name}: {error}") from None
    label = f'snapshot "{snapshot.name}" of {path.name} (taken {_when(snapshot)})'
    return _Side(journey, label, {"file": str(path), "snapshot": _described(snapshot),
                                  "map": "current"})  # fmt: skip


def _diff(args: argparse.Namespace) -> None:
    documents = _Documents()
    if args.future:
        if args.new is not None:
            raise CommandError("give either two maps or one map with --future, not both")
        path, name = split_source(args.old)
        if name is not None:
            raise CommandError("--future compares a map's current and future state: give MAP.cjm")
        sources = [path]
    else:
        if args.new is None:
            raise CommandError(
                "diff needs two maps (cjm diff A B; either may be MAP.cjm@SNAPSHOT), "
                "or one map with --future"
            )
        sources = [split_source(args.old)[0], split_source(args.new)[0]]
    if args.pdf is not None:
        for source in sources:  # before anything is read: a wrong output costs nothing
            if _same_file(args.pdf, source):
                raise CommandError(f"{args.pdf.name}: --pdf would write over a map it compares")
            _check_outputs(source, [("--pdf", args.pdf)], args.overwrite)
    if args.future:
        old, new, diff = _future(sources[0], documents)
    else:
        old, new = _side(args.old, documents), _side(args.new, documents)
        diff = diff_maps(old.journey, new.journey)
    if args.pdf is not None:
        from app.export.pdf_changes import export_changes

        _write(args.pdf, lambda: export_changes(diff, old.journey, new.journey, args.pdf,
                                                old.label, new.label))  # fmt: skip
    if args.json:
        plain = diff_to_plain(diff, old.journey, new.journey, (old.source, new.source))
        print(json.dumps(plain, ensure_ascii=False, indent=2))
        return
    print(f"Changes from {old.label} to {new.label}:")
    sections = report(diff, old.journey, new.journey, one_line=SHOWN_CHARACTERS)
    for line in report_lines(sections, diff):
        print(line)


def _future(path: Path, documents: _Documents) -> tuple[_Side, _Side, MapDiff]:
    document = documents.get(path)
    if document.future is None:
        raise CommandError(f"{path.name}: the map has no future state to compare with")
    old = _Side(document.current, f"the current state of {path.name}",
                {"file": str(path), "snapshot": None, "map": "current"})  # fmt: skip
    new = _Side(document.future, f"the future state of {path.name}",
                {"file": str(path), "snapshot": None, "map": "future"})  # fmt: skip
    return old, new, future_diff(document)


# ---------------------------------------------------------------------- snapshots
def _snapshot(args: argparse.Namespace) -> None:
    path: Path = args.map
    author = args.author if args.author is not None else _login_name()
    with _holding(path):  # read, add and save with the map held: nobody saves in between
        document = open_document(path)
        try:
            taken = take_snapshot(document, args.name, author)
        except ModelError as error:
            raise CommandError(f"{path.name}: {error}") from None
        save_with_backup(document, path)
    cards = document.current.card_count
    print(f'Took snapshot "{taken.name}" of {path.name} ({cards} card{"s" * (cards != 1)}).')


def _create_future(args: argparse.Namespace) -> None:
    path: Path = args.map
    with _holding(path):  # read, derive and save with the map held
        document = open_document(path)
        try:
            future = create_future(document)
        except ModelError as error:
            raise CommandError(f"{path.name}: {error}") from None
        save_with_backup(document, path)
    cards = future.card_count
    print(
        f"Created the future state of {path.name} ({cards} card{'s' * (cards != 1)}, each "
        "linked to the current one it comes from). Export it with --future; compare the "
        f"two states with: cjm diff {path} --future"
    )


def _versions(args: argparse.Namespace) -> None:
    path: Path = args.map
    document = open_document(path)
    found = summaries(document)
    current = _map_counts(document.current)
    if args.json:
        plain = {
            "file": str(path),
            "snapshots": [
                {**_described(item.snapshot), "id": item.snapshot.id, "counts": item.counts,
                 "problem": item.problem}
                for item in found
            ],
            "current": current,
        }  # fmt: skip
        print(json.dumps(plain, ensure_ascii=False, indent=2))
        return
    if not found:
        print(f"{path.name} has no snapshots (take one: cjm snapshot {path.name} --name NAME)")
        return
    plural = "s" * (len(found) != 1)
    print(f"{path.name}: {len(found)} snapshot{plural}, oldest first")
    for item in found:
        counts = _counts_text(item.counts) if item.counts is not None else item.problem
        print(f'  "{item.snapshot.name}"  taken {_when(item.snapshot)}  {counts}')
    print(f"  now  {_counts_text(current)}")


def _map_counts(journey: JourneyMap) -> dict[str, int]:
    return {
        "stages": len(journey.stages),
        "steps": len(journey.steps),
        "lanes": len(journey.lanes),
        "cards": journey.card_count,
        "personas": len(journey.personas),
        "emotion_points": len(journey.emotions()),
    }


def _counts_text(counts: dict[str, int]) -> str:
    words = {"emotion_points": "emotion points"}
    return ", ".join(f"{counts[key]} {words.get(key, key)}" for key in COUNTS)


def _when(snapshot: Snapshot) -> str:
    """When and by whom, as a reader sees it: local time, to the minute."""
    moment = snapshot.taken.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"{moment} by {snapshot.author}" if snapshot.author else moment


def _described(snapshot: Snapshot) -> dict[str, Any]:
    return {"name": snapshot.name, "taken": snapshot.taken.isoformat(), "author": snapshot.author}


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (some containers, services)
        return ""
