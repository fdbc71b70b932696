"""The web page: one self-contained HTML file of a map that any current browser opens offline.

The page (``cjm export MAP.cjm --html OUT.html``, File > Export > Web page...) holds
everything inline: its style sheet, its script (``resources/web``, written for it:
no library), the subsets of the bundled fonts its text uses (``html_fonts``), persona
photos as data URIs, and two JSON blocks: the map's cjm-json (so the page travels
back: ``cjm import page.html new.cjm``) and the poster's drawing of it
(``html_view``). The script draws the map as SVG with DOM calls, user text as text;
JSON is parsed with ``JSON.parse`` and every ``<`` in it is written ``\\u003c``.
A Content-Security-Policy meta element forbids every request: only this script and
this style sheet (by their hashes), fonts and pictures from data URIs.

``HtmlOptions`` says what the page shows; ``client_safe`` draws and carries the map's
client-safe copy (no owners, evidence, notes lanes or internal tags), as every other
client-safe export does.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.export.html_fonts import font_css, font_stack
from app.export.html_read import MAP_ELEMENT_ID, VIEW_ELEMENT_ID
from app.export.html_view import view_of
from app.export.json_form import MAX_CARRIED_BYTES, compact
from app.export.output import ExportError, write_atomically
from app.export.progress import Progress, report
from app.model.client_safe import client_copy
from app.model.journey import JourneyMap
from app.resources import resource_path


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """What the page shows. ``client_safe``: the map's client-safe copy (no owners, no
    evidence, no notes lanes, no internal tags: ``app.model.client_safe``), and the
    card details say nothing of evidence."""

    client_safe: bool = False
    draft: bool = False  # a light DRAFT across the page, on screen and on paper


#: The DRAFT mark: fixed over the map, under the panels, never in the way of a click.
DRAFT_MARK = '<div id="draft-mark" aria-hidden="true">DRAFT</div>\n'
DRAFT_STYLE = (
    "#draft-mark{position:fixed;inset:0;display:flex;align-items:center;"
    "justify-content:center;pointer-events:none;z-index:4;font-weight:700;"
    "font-size:min(22vw,30vh);letter-spacing:.08em;color:rgba(196,40,40,.13);"
    "transform:rotate(-28deg);user-select:none}"
)


def shown_map(journey: JourneyMap, options: HtmlOptions) -> JourneyMap:
    """The map the page draws and carries: ``journey``, less what the options leave out."""
    if not options.client_safe:
        return journey
    return client_copy(journey)  # the same copy every client-safe export makes


def export_html(
    journey: JourneyMap,
    path: str | Path,
    options: HtmlOptions | None = None,
    progress: Progress | None = None,
) -> None:
    """Write the page of ``journey`` to ``path`` (atomically: all or nothing).

    Raises ExportError when the map is too large to carry in a page, ExportCancelled
    when ``progress`` answers False.
    """
    text = page_text(journey, options, progress)

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    write_atomically(path, write)
    report(progress, 1.0)


def page_text(
    journey: JourneyMap, options: HtmlOptions | None = None, progress: Progress | None = None
) -> str:
    """The whole page as text."""
    options = options or HtmlOptions()
    shown = shown_map(journey, options)
    report(progress, 0.0)
    carried = compact(shown)
    if len(carried.encode("utf-8")) > MAX_CARRIED_BYTES:  # then it could not come back
        raise ExportError(
            f"the map is too large to carry in a web page (over {MAX_CARRIED_BYTES // 2**20} MB "
            "of data; photos take the most room)"
        )
    report(progress, 0.2)
    drawing = json.dumps(view_of(shown, options.client_safe), ensure_ascii=False,
                         separators=(",", ":"))  # fmt: skip
    report(progress, 0.5)
    script = page_script()
    skeleton = _BODY
    fonts = font_css([carried, drawing, script, skeleton])
    report(progress, 0.9)
    style = f"{fonts}\nbody,svg{{font-family:{font_stack()}}}\n{_asset('page.css')}"
    if options.draft:
        style += "\n" + DRAFT_STYLE
        skeleton = skeleton + DRAFT_MARK
    title = ("DRAFT · " if options.draft else "") + shown.info.title
    return "".join(
        [
            "<!DOCTYPE html>\n",
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{policy(script, style)}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="referrer" content="no-referrer">\n',
            f'<meta name="generator" content="CJM Studio {__version__}">\n',
            f"<title>{html.escape(title)}</title>\n",
            _FONT_NOTE,
            f"<style>{style}</style>\n</head>\n<body>\n",
            skeleton,
            _data(MAP_ELEMENT_ID, carried),
            _data(VIEW_ELEMENT_ID, drawing),
            f"<script>{script}</script>\n</body>\n</html>\n",
        ]
    )


def policy(script: str, style: str) -> str:
    """The Content-Security-Policy: nothing from anywhere but this page's own script and
    style sheet (by hash), and fonts and pictures written into it as data URIs."""
    return (
        "default-src 'none'; "
        f"script-src {_hash(script)}; "
        f"style-src {_hash(style)}; "
        "img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def _data(element_id: str, text: str) -> str:
    """A JSON block no text can break out of: every ``<`` as ``\\u003c`` (JSON reads it back)."""
    escaped = text.replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{escaped}</script>\n'


#: The parts of the page's script, in order (``resources/web``); one function holds them all.
SCRIPT_PARTS = (
    "page-1-data.js",
    "page-2-draw.js",
    "page-3-move.js",
    "page-4-filter.js",
    "page-5-panel.js",
    "page-6-print.js",
)


def page_script() -> str:
    """The page's script: its parts joined inside one function, in strict mode."""
    parts = "\n".join(_asset(name) for name in SCRIPT_PARTS)
    return f'(function () {{\n"use strict";\n\n{parts}}})();\n'


def _asset(name: str) -> str:
    text = resource_path("web", name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ExportError(f"the page's {name} would end its own element")  # a bug, not data
    return text


_FONT_NOTE = (
    "<!-- Fonts: subsets of the fonts bundled with CJM Studio (Noto and Nanum under the\n"
    "SIL Open Font License 1.1, Droid Sans Fallback under the Apache License 2.0), cut to\n"
    "the characters this page uses; each keeps its copyright and licence notice. -->\n"
)

_BODY = """<header id="bar">
<div class="titles"><h1 id="map-title"></h1><p id="map-sub"></p></div>
<div class="tools">
<input id="search" type="search" placeholder="Search cards…" aria-label="Search cards"
 autocomplete="off" spellcheck="false">
<details class="menu" id="lane-filter"><summary>Lanes</summary><div class="pop"></div></details>
<details class="menu" id="kind-filter"><summary>Cards</summary><div class="pop"></div></details>
<div id="persona-chips" aria-label="Emotion curves"></div>
<details class="menu" id="curve-filter"><summary>Curves</summary><div class="pop"></div></details>
<button class="btn" id="personas-button" type="button">Personas</button>
<button class="btn" id="about-button" type="button">About</button>
<span class="zoom"><button class="btn" id="zoom-out" type="button" aria-label="Zoom out">–</button>
<span id="zoom-level">100%</span>
<button class="btn" id="zoom-in" type="button" aria-label="Zoom in">+</button>
<button class="btn" id="fit" type="button">Fit</button></span>
</div>
</header>
<div id="stage">
<svg id="map" xmlns="http://www.w3.org/2000/svg" role="group" aria-label="The journey map"></svg>
<div id="status" role="status"></div>
<aside id="panel" hidden><button class="btn" id="panel-close" type="button"
 aria-label="Close">×</button><div id="panel-body"></div></aside>
</div>
<div id="print"></div>
<noscript><p>This page draws the journey map with JavaScript; allow it to see the map.</p>
</noscript>
"""
