"""`cjm export --client-safe [--internal-tag TAG] [--draft]`: how the exports are shared.

``--client-safe`` writes every output of the command from the map's client-safe
copy (``app.model.client_safe``: no owners, notes lanes, evidence, confidence,
comments or internal tags); ``--internal-tag TAG`` (repeatable) leaves out more
tags, for this export only. ``--draft`` puts the DRAFT watermark on the poster,
tiles, handout and pictures, and marks the deck and the workbook; a JSON file
(and, for now, the web page) has nothing to mark.
"""

from __future__ import annotations

import argparse

from app.export.sharing import ShareOptions

#: The outputs a DRAFT mark goes on.
DRAFT_OUTPUTS = ("pdf", "xlsx", "pptx", "png", "svg", "html")


def add_share_arguments(export: argparse.ArgumentParser) -> None:
    """The sharing options of ``cjm export``."""
    export.add_argument(
        "--client-safe",
        action="store_true",
        help="leave out card owners, the notes lanes, evidence and confidence, comments "
        "and internal tags (the client-safe workbook still merges back)",
    )
    export.add_argument(
        "--internal-tag",
        action="append",
        default=[],
        metavar="TAG",
        help="with --client-safe: leave out this tag too (besides the map's internal tags)",
    )
    export.add_argument(
        "--draft",
        action="store_true",
        help="put a DRAFT watermark on the poster, handout and pictures; mark the deck and "
        "the workbook",
    )


def share_options(args: argparse.Namespace) -> ShareOptions:
    """The options given; ValueError (a usage mistake, in words) if they do not fit."""
    if args.internal_tag and not args.client_safe:
        raise ValueError("--internal-tag goes with --client-safe")
    if args.draft and all(getattr(args, name, None) is None for name in DRAFT_OUTPUTS):
        raise ValueError(
            "--draft goes with --pdf, --xlsx, --pptx, --png, --svg or --html "
            "(JSON has no DRAFT mark)"
        )
    tags = tuple(tag for tag in args.internal_tag if tag.strip())
    return ShareOptions(args.client_safe, args.draft, tags)
