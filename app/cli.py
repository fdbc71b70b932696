"""`cjm`: the command line. Creates, checks, inspects, exports and imports maps, headless.

Every failure prints one line starting with ``error:`` on stderr and exits 1
(2 for usage mistakes); an input file is never modified by a failed command.

Writing a map follows the app's save rules: the command holds the map's open-once lock
(refused, naming who has it open, while CJM Studio or another command holds it) and
keeps the previous version as the app's one backup. Exports never write over the map
they read, over any map, or over an existing file unless ``--overwrite`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from app import __version__
from app.export.json_form import read_json_document
from app.export.output import ExportError
from app.model.codec import FormatError
from app.model.commands import StampModified
from app.model.document import FUTURE, CommentThread, MapDocument
from app.model.journey import JourneyMap
from app.model.paths import STDOUT, PathProblem, check_readable
from app.model.store import (
    StoreError,
    file_schema_version,
    open_document,
    open_map,
)
from app.model.store.validate import is_map_file
from app.model.store.workspace import (
    APP_PROGRAM,
    UNKNOWN_HOLDER,
    DocumentLock,
    save_with_backup,
)
from app.model.templates import new_map, template_names


class CommandError(Exception):
    """A failure to report as one ``error:`` line."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        handler: Callable[[argparse.Namespace], None] = args.handler
        handler(args)
    except (CommandError, StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader stopped early (`cjm info MAP | head -1`): not an error
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (Python flushes it at exit)
        return 0
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cjm", description="CJM Studio command line: customer journey maps, offline."
    )
    parser.add_argument("--version", action="version", version=f"cjm {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    templates = commands.add_parser("templates", help="list the built-in templates")
    templates.set_defaults(handler=_templates)

    new = commands.add_parser("new", help="create a map from a template")
    new.add_argument("output", type=Path, metavar="OUT.cjm")
    new.add_argument("--template", default="blank", metavar="NAME")
    new.add_argument("--overwrite", action="store_true", help="replace an existing file")
    new.set_defaults(handler=_new)

    info = commands.add_parser("info", help="show a map's title and counts")
    info.add_argument("map", type=Path, metavar="MAP.cjm")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.add_argument("--future", action="store_true", help="the counts of the future state")
    info.set_defaults(handler=_info)

    check = commands.add_parser("check", help="check that a map opens; prints ok")
    check.add_argument("map", type=Path, metavar="MAP.cjm")
    check.set_defaults(handler=_check)

    from app.cli_export import add_export_command  # export to every format

    add_export_command(commands)

    import_ = commands.add_parser(
        "import",
        help="make a map from a JSON file, an Excel workbook, a web page or a poster PDF "
        "exported by CJM Studio, or merge a workbook",
    )
    import_.add_argument("source", type=Path, metavar="IN.json|IN.xlsx|IN.html|IN.pdf")
    import_.add_argument("output", type=Path, nargs="?", metavar="OUT.cjm")
    import_.add_argument("--overwrite", action="store_true", help="replace an existing OUT.cjm")
    import_.add_argument(
        "--into", type=Path, metavar="MAP.cjm", help="merge a workbook's changes into MAP.cjm"
    )
    import_.add_argument(
        "--dry-run", action="store_true", help="with --into: print the report, change nothing"
    )
    import_.add_argument(
        "--take-workbook",
        action="store_true",
        help="with --into: settle every conflict with the workbook's value (default: the map's)",
    )
    import_.add_argument(
        "--two-way",
        action="store_true",
        help="with --into: merge a workbook without a base (older export), taking every "
        "difference from the map as an edit in the workbook",
    )
    import_.set_defaults(handler=_import)

    from app.cli_versions import add_version_commands  # diff, snapshot, versions

    add_version_commands(commands)
    from app.cli_comments import add_comment_commands  # comment, comments, elements

    add_comment_commands(commands)
    return parser


def _templates(_args: argparse.Namespace) -> None:
    for name in template_names():
        print(name)


def _new(args: argparse.Namespace) -> None:
    _refuse_existing(args.output, args.overwrite)
    try:
        journey = new_map(args.template)
    except KeyError:
        raise CommandError(
            f"unknown template {args.template!r} (choose from: {', '.join(template_names())})"
        ) from None
    with _holding(args.output):
        _refuse_existing(args.output, args.overwrite)  # again: it may have appeared meanwhile
        save_with_backup(journey, args.output)


def _counts(journey: JourneyMap, schema_version: int) -> dict[str, object]:
    return {
        "title": journey.info.title,
        "schema_version": schema_version,
        "stages": len(journey.stages),
        "steps": len(journey.steps),
        "lanes": len(journey.lanes),
        "cards": journey.card_count,
        "personas": len(journey.personas),
        "emotion_points": len(journey.emotions()),
    }


def _info(args: argparse.Namespace) -> None:
    if args.future:
        journey, _ = _future_of(args.map, open_document(args.map), ())
    else:
        journey = open_map(args.map)
    counts = _counts(journey, file_schema_version(args.map))
    if args.future:
        counts["state"] = journey.info.state.label
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
    else:
        for key, value in counts.items():
            print(f"{key}: {value}")


def _check(args: argparse.Namespace) -> None:
    open_map(args.map)
    print("ok")


def _future_of(
    path: Path, document: MapDocument | None, threads: tuple[CommentThread, ...]
) -> tuple[JourneyMap, tuple[CommentThread, ...]]:
    """The document's future map and its comment threads (``--future``)."""
    if document is None or document.future is None:
        raise CommandError(
            f"{path.name}: the map has no future state (create it with: cjm future {path})"
        )
    return document.future, tuple(t for t in threads if t.map_role == FUTURE)


def _check_outputs(source: Path, outputs: list[tuple[str, Path]], overwrite: bool) -> None:
    """Refuse an output that is the map itself, any map, twice the same file, a folder,
    or an existing file without ``--overwrite``. Standard output (``-``), a FIFO or a
    character device is written into, not replaced: it needs no ``--overwrite``."""
    for index, (flag, path) in enumerate(outputs):
        if _is_stream(path):
            _check_stream(flag, path, outputs[:index])
            continue
        if _same_file(path, source):
            raise CommandError(f"{path.name}: {flag} would write over the map being exported")
        if path.is_dir():
            raise CommandError(f"{path.name} is a folder")
        if is_map_file(path):
            raise CommandError(f"{path.name} is a CJM Studio map; export never replaces a map")
        for other_flag, other in outputs[:index]:
            if _same_file(path, other):
                raise CommandError(f"{path.name} is given for both {other_flag} and {flag}")
        if path.exists() and not overwrite:
            raise CommandError(f"{path.name} already exists (use --overwrite to replace it)")


def _is_stream(path: Path) -> bool:
    """Standard output, or a FIFO or character device (``/dev/stdout``, ``/dev/null``)."""
    if str(path) == STDOUT:
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _check_stream(flag: str, path: Path, earlier: list[tuple[str, Path]]) -> None:
    if str(path) != STDOUT:
        return
    if any(str(other) == STDOUT for _, other in earlier):
        raise CommandError("only one export can go to standard output (-)")
    if flag != "--json" and sys.stdout.isatty():
        raise CommandError(
            f"{flag} -: will not write a binary file to the terminal; "
            "redirect the output or give a file name"
        )


def _same_file(first: Path, second: Path) -> bool:
    """The same file however it is spelled (``./x/../a``, a symlink, a hard link)."""
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet): then they differ
        return False


def _import(args: argparse.Namespace) -> None:
    if args.into is not None:
        if args.output is not None:
            raise CommandError("give either OUT.cjm or --into MAP.cjm, not both")
        _merge(args.source, args.into, args)
        return
    if args.dry_run or args.take_workbook or args.two_way:
        raise CommandError("--dry-run, --take-workbook and --two-way go with --into MAP.cjm")
    if args.output is None:
        raise CommandError("import needs an output map: cjm import IN OUT.cjm")
    if _same_file(args.output, args.source):
        raise CommandError(f"{args.output.name}: the output would replace the file read")
    _refuse_existing(args.output, args.overwrite)
    journey = _read_source(args.source)
    with _holding(args.output):
        _refuse_existing(args.output, args.overwrite)
        save_with_backup(journey, args.output)


def _check_source(source: Path) -> None:
    """A regular file (through links), checked without opening it: a FIFO would block."""
    try:
        check_readable(source)
    except PathProblem as problem:
        raise CommandError(f"{source.name}: {problem}") from None


def _is_workbook(source: Path) -> bool:
    return source.suffix.lower() in (".xlsx", ".xlsm", ".xls")


#: File types that carry a map exported by CJM Studio: a web page, a poster PDF.
PAGE_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)


def _read_source(source: Path) -> JourneyMap | MapDocument:
    _check_source(source)
    suffix = source.suffix.lower()
    try:
        if _is_workbook(source):
            from app.export.xlsx_import import read_workbook_document

            return read_workbook_document(source)  # the map with its comments
        if suffix in PAGE_SUFFIXES:
            from app.export.html_read import read_page

            return read_page(source)
        if suffix in PDF_SUFFIXES:
            from app.export.pdf_attach import read_pdf_map

            return read_pdf_map(source)
        return read_json_document(source)  # the map with its comments
    except (FormatError, ValueError) as error:
        raise CommandError(f"{source.name}: {error}") from None
    except OSError as error:
        raise CommandError(f"{source.name}: cannot be read ({error.strerror})") from None


def _merge(source: Path, target: Path, args: argparse.Namespace) -> None:
    """Merge a workbook's edits into an existing map (three-way) and print the report."""
    from app.export.xlsx_comments import CommentCells, comment_threads, new_comments, with_comments
    from app.export.xlsx_import import WorkbookError
    from app.export.xlsx_report import report_lines
    from app.export.xlsx_three_way import apply_merge, merged_map, plan_workbook_merge
    from app.model.commands.comments import AddThreads

    if not _is_workbook(source):
        raise CommandError(f"{source.name}: --into merges Excel workbooks (.xlsx) only")
    _check_source(source)
    with _holding(target):  # read, merge and write with the map held: nobody saves between
        document = open_document(target)  # the whole file: saving keeps every part of it
        journey = document.current
        cells = CommentCells()  # the Comments column: a client's new lines become comments
        try:
            plan = plan_workbook_merge(source, journey, document.uid, two_way=args.two_way,
                                       comments=cells)
            merged = merged_map(plan, take=args.take_workbook)
        except WorkbookError as error:
            raise CommandError(f"{source.name}: {error}") from None
        except OSError as error:
            raise CommandError(f"{source.name}: cannot be read ({error.strerror})") from None
        comments = new_comments(cells, document)
        for line in with_comments(report_lines(plan, take=args.take_workbook), comments):
            print(line)
        changed = merged.snapshot() != journey.snapshot()
        if not changed and not comments:
            return  # nothing to write: the file stays as it is
        if args.dry_run:
            print("Dry run: nothing was saved.")
            return
        if changed:
            apply_merge(journey, merged).do()
            StampModified(journey).do()  # changed now: posters print this as "Version of"
        if comments:
            AddThreads(document, comment_threads(comments, journey)).do()
        save_with_backup(document, target)


#: The program name a command records while it holds a map's lock.
CLI_PROGRAM = "cjm"


@contextlib.contextmanager
def _holding(path: Path) -> Iterator[None]:
    """Hold ``path``'s open-once lock, as the app does, while the map is written."""
    try:
        lock = DocumentLock(path, program=CLI_PROGRAM)
        acquired = lock.acquire()
    except OSError as error:
        raise CommandError(f"{path.name}: cannot be locked ({error.strerror or error})") from None
    if not acquired:
        holder = lock.holder()
        if holder is None:
            raise CommandError(f"{path.name} is {UNKNOWN_HOLDER}; close it there first")
        advice = (
            "close it there first"
            if holder.program == APP_PROGRAM
            else "try again when it has finished"
        )
        raise CommandError(f"{path.name} is {holder.describe()}; {advice}")
    try:
        yield
    finally:
        lock.release()


def _refuse_existing(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise CommandError(f"{path.name} already exists (use --overwrite to replace it)")
    if path.is_dir():
        raise CommandError(f"{path.name} is a folder")


def _write(path: Path, write: Callable[[], None]) -> None:
    # The exporters write atomically: a failed export leaves the old file or none.
    name = "standard output" if str(path) == STDOUT else path.name
    try:
        write()
    except PathProblem as problem:
        raise CommandError(f"{name}: {problem}") from None
    except ExportError as error:
        raise CommandError(f"{name}: cannot be written: {error}") from None
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise  # the reader stopped early: main() ends quietly
        raise CommandError(f"{name}: cannot be written ({_write_problem(error)})") from None


def _write_problem(error: OSError) -> str:
    """Why writing failed, in the user's words."""
    if error.errno == errno.ENOSPC:
        return "the disk is full; nothing was replaced"
    if error.errno == errno.EFBIG:
        return "the file would be larger than this disk or account allows"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no permission to write there"
    if error.errno == errno.ENOENT:
        return "the folder is not available"
    return str(error.strerror or error)


if __name__ == "__main__":
    # Run as ``python -m app.cli``: call the module the command modules import (app.cli),
    # so that they and this one share one CommandError.
    from app.cli import main as run_cli

    sys.exit(run_cli())
