"""`cjm export`: a map to JSON, PDF (poster, tiles, handout), Excel, PowerPoint, PNG, SVG or a
web page, headless.

Every output is checked before any is written (``_check_outputs``), each is written
safely (``_write``: all or nothing), and a client-safe copy (``--client-safe``) or the
future state (``--future``) is made before any exporter runs. Exports that draw text
warn about characters no bundled font has.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.cli import CommandError, _check_outputs, _future_of, _write
from app.cli_sharing import add_share_arguments, share_options
from app.export.json_form import export_document_json, export_json
from app.export.sharing import ShareOptions
from app.model.document import CommentThread, MapDocument
from app.model.journey import JourneyMap
from app.model.store import open_document, open_map


def add_export_command(commands: Any) -> None:
    """Register `export` with the `cjm` parser's subcommands."""
    export = commands.add_parser(
        "export", help="export a map to JSON, PDF, Excel, PowerPoint, PNG, SVG or a web page"
    )
    export.add_argument("map", type=Path, metavar="MAP.cjm")
    export.add_argument("--json", type=Path, metavar="OUT.json")
    export.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="Excel workbook")
    export.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="PDF poster (or handout)")
    export.add_argument("--pptx", type=Path, metavar="OUT.pptx", help="PowerPoint deck")
    export.add_argument("--png", type=Path, metavar="OUT.png", help="picture of the map (PNG)")
    export.add_argument("--svg", type=Path, metavar="OUT.svg", help="picture of the map (SVG)")
    export.add_argument(
        "--html", type=Path, metavar="OUT.html", help="web page: the map to explore, offline"
    )
    export.add_argument(
        "--dpi", type=int, metavar="N", help="PNG resolution, 96-600 dots per inch (default 150)"
    )
    export.add_argument(
        "--paper",
        metavar="SIZE",
        help="A0-A4, Letter, Tabloid or WIDTHxHEIGHT in mm (poster default A1, handout A4)",
    )
    export.add_argument("--portrait", action="store_true", help="poster upright, not landscape")
    export.add_argument(
        "--future", action="store_true", help="export the map's future state (see cjm future)"
    )
    export.add_argument("--tile", metavar="SHEET", help="cut the poster onto A4, A3 or Letter")
    export.add_argument(
        "--overlap", type=float, default=10.0, metavar="MM", help="tile overlap (default 10)"
    )
    export.add_argument(
        "--handout", action="store_true", help="write the A4/Letter handout instead of a poster"
    )
    export.add_argument(
        "--overwrite", action="store_true", help="replace existing output files (never a map)"
    )
    add_share_arguments(export)  # --client-safe, --internal-tag, --draft
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> None:
    formats = ("json", "xlsx", "pdf", "pptx", "png", "svg", "html")
    if all(getattr(args, name) is None for name in formats):
        raise CommandError(
            "nothing to export: give --json OUT.json, --pdf OUT.pdf, --xlsx OUT.xlsx, "
            "--pptx OUT.pptx, --png OUT.png, --svg OUT.svg or --html OUT.html"
        )
    _check_dpi(args)
    try:
        sharing = share_options(args)
    except ValueError as error:
        raise CommandError(str(error)) from None
    if args.pdf is None and (args.tile or args.handout or args.paper):
        raise CommandError("--paper, --tile and --handout go with --pdf OUT.pdf")
    outputs = [
        (flag, path)
        for flag, path in (
            ("--pdf", args.pdf),
            ("--json", args.json),
            ("--xlsx", args.xlsx),
            ("--pptx", args.pptx),
            ("--png", args.png),
            ("--svg", args.svg),
            ("--html", args.html),
        )
        if path is not None
    ]
    if args.comments and not args.handout:
        raise CommandError("--comments goes with --pdf OUT.pdf --handout")
    # A workbook names its map's stable id, and comments are the document's: only the
    # whole document holds them.
    whole = args.xlsx is not None or args.json is not None or args.comments or args.future
    document = open_document(args.map) if whole else None
    journey = document.current if document is not None else open_map(args.map)
    threads = document.threads if document is not None and not sharing.client_safe else ()
    if args.future:
        journey, threads = _future_of(args.map, document, threads)
    journey = sharing.map_for(journey)  # a client-safe copy, before any exporter runs
    _check_outputs(args.map, outputs, args.overwrite)  # all of them before writing any
    if args.xlsx is not None:
        from app.export.xlsx_export import check_fits

        _write(args.xlsx, lambda: check_fits(journey))
    if args.pdf is not None:
        _write(args.pdf, lambda: _export_pdf(journey, args, threads))
    if args.json is not None:
        _write(args.json, lambda: _export_json(document, journey, threads, args, sharing))
    if args.xlsx is not None:
        from app.export.xlsx_export import export_workbook

        map_id = document.uid if document is not None else ""
        _write(
            args.xlsx,
            lambda: export_workbook(
                journey, args.xlsx, map_id=map_id, client_safe=args.client_safe, draft=args.draft,
                comments=threads,
            ),
        )
    _export_slides_and_pictures(journey, args)
    if any(getattr(args, name, None) is not None for name in _DRAWING_EXPORTS):
        _warn_missing_glyphs(journey)


#: The exports that draw the map's text in the bundled fonts.
_DRAWING_EXPORTS = ("pdf", "pptx", "png", "svg", "html")


def _warn_missing_glyphs(journey: JourneyMap) -> None:
    """One warning naming the characters drawn as the replacement mark, if there are any."""
    from app.export.glyph_check import glyph_warning

    warning = glyph_warning(journey)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def _export_json(
    document: MapDocument | None,
    journey: JourneyMap,
    threads: tuple[CommentThread, ...],
    args: argparse.Namespace,
    sharing: ShareOptions,
) -> None:
    """The whole document (future state, links, snapshots, comments), or with --future the
    future map alone."""
    if document is None or args.future:
        export_json(journey, args.json, comments=threads)
        return
    export_document_json(sharing.document_for(document), args.json)


def _check_dpi(args: argparse.Namespace) -> None:
    from app.export.image import MAX_DPI, MIN_DPI

    if args.dpi is None:
        return
    if args.png is None:
        raise CommandError("--dpi goes with --png OUT.png")
    if not MIN_DPI <= args.dpi <= MAX_DPI:
        raise CommandError(f"--dpi must be {MIN_DPI} to {MAX_DPI}, not {args.dpi}")


def _export_slides_and_pictures(journey: JourneyMap, args: argparse.Namespace) -> None:
    """The PowerPoint deck and the pictures (issue 13), after the other exports."""
    if args.pptx is not None:
        from app.export.pptx_deck import export_pptx

        _write(args.pptx, lambda: export_pptx(journey, args.pptx, draft=args.draft))
    if args.png is not None:
        from app.export.image import export_png

        _write(
            args.png, lambda: export_png(journey, args.png, dpi=args.dpi or 150, draft=args.draft)
        )
    if args.svg is not None:
        from app.export.image import export_svg

        _write(args.svg, lambda: export_svg(journey, args.svg, draft=args.draft))
    if args.html is not None:
        from app.export.html_page import HtmlOptions, export_html

        options = HtmlOptions(client_safe=bool(args.client_safe), draft=bool(args.draft))
        _write(args.html, lambda: export_html(journey, args.html, options))


def _export_pdf(
    journey: JourneyMap, args: argparse.Namespace, threads: Sequence[CommentThread] = ()
) -> None:
    from app.export import pdf

    paper, custom = _paper(args.paper)
    try:
        if args.handout:
            if custom is not None or (paper or "A4").lower() not in ("a4", "letter"):
                raise CommandError("a handout is printed on A4 or Letter")
            comments = threads if args.comments else None  # the optional Comments section
            pdf.export_handout(journey, args.pdf, paper or "A4", draft=args.draft,
                               comments=comments)
        elif args.tile:
            pdf.export_tiled(
                journey, args.pdf, paper or "A1", args.tile, args.overlap, not args.portrait,
                custom, draft=args.draft,
            )  # fmt: skip
        else:
            pdf.export_poster(
                journey, args.pdf, paper or "A1", not args.portrait, custom, draft=args.draft
            )
    except ValueError as error:
        raise CommandError(str(error)) from None


def _paper(text: str | None) -> tuple[str | None, tuple[float, float] | None]:
    """A paper name, or a custom size given as WIDTHxHEIGHT in millimetres."""
    if text is None or "x" not in text.lower():
        return text, None
    try:
        width, height = (float(part) for part in text.lower().removesuffix("mm").split("x"))
    except ValueError:
        raise CommandError(
            f"paper {text!r}: give a name such as A1 or a size such as 900x600"
        ) from None
    return None, (width, height)


