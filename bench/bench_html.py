"""The web page of a 5,000-card map: written beside a floor measured in the same run, then
opened in headless Chromium.

Floor: what a page cannot do without, done by the raw libraries: the map's JSON export
(``export_json``, the cjm-json the page carries) plus fontTools cutting the same font
faces to the same characters (as WOFF, with the same options). The page adds the
poster's layout, the drawing's data, the script and style, and writing it all as one
file. Target: within 1.5x the floor.

Then the page is opened from its file:// address in headless Chromium (Debian's
chromium and chromium-driver, driven by selenium), each time in a fresh tab state:
the figure is the time from the start of the navigation until two frames after the
script finished drawing (``data-drawn``, ``performance.now()``), so the map is on
screen. Target: under 2 s.

Run: .venv/bin/python bench/bench_html.py [--cards 5000] [--runs 7] [--loads 5]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from app.export.html_fonts import characters_by_font
from app.export.html_page import export_html, page_script, page_text
from app.export.html_view import view_of
from app.export.json_form import compact, export_json
from app.font_chain import chain
from app.model.journey import JourneyMap
from app.model.synthetic import synthetic_map
from app.resources import resource_path


def faces(journey: JourneyMap) -> list[tuple[str, str]]:
    """(font file, characters) of every face the page embeds (worked out untimed)."""
    script = page_script()
    drawing = json.dumps(view_of(journey), ensure_ascii=False, separators=(",", ":"))
    used = characters_by_font([compact(journey), drawing, script])
    out = []
    for index, characters in sorted(used.items()):
        font = chain().fonts[index]
        text = "".join(sorted(characters))
        out += [(name, text) for name in (font.regular, font.bold) if name]
    return out


def subset_raw(file_name: str, text: str) -> bytes:
    """fontTools alone: load, cut, save as WOFF."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.flavor = "woff"
    font = TTFont(str(resource_path("fonts", file_name)), lazy=True)
    cutter = subset.Subsetter(options)
    cutter.populate(text=text)
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def write_times(journey: JourneyMap, folder: Path, runs: int) -> tuple[float, float, Path]:
    page, floor_json = folder / "map.html", folder / "map.json"
    wanted = faces(journey)

    def floor() -> None:
        export_json(journey, floor_json)
        for name, text in wanted:
            subset_raw(name, text)

    export_html(journey, page)  # warm up both (font files read, caches)
    floor()
    pages, floors = [], []
    for _ in range(runs):  # alternate, so a busy moment of the machine hits both alike
        pages.append(timed(lambda: export_html(journey, page)))
        floors.append(timed(floor))
    print(f"faces embedded: {len(wanted)} ({', '.join(name for name, _ in wanted)})")
    return statistics.median(pages), statistics.median(floors), page


def open_times(page: Path, loads: int) -> list[float] | None:
    """Milliseconds from navigation start to the map drawn, per load (None: no browser)."""
    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver is None:
        print("Chromium not found: apt-get install chromium chromium-driver")
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    profile = tempfile.mkdtemp(prefix="cjm-bench-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                     "--window-size=1600,1000"):  # fmt: skip
        options.add_argument(argument)
    session = webdriver.Chrome(options=options, service=Service(driver))
    times = []
    try:
        for _ in range(loads):
            session.get("about:blank")
            session.get(page.resolve().as_uri())
            WebDriverWait(session, 60).until(
                lambda s: s.execute_script(
                    "return document.documentElement.getAttribute('data-drawn')"
                )
            )
            drawn = session.execute_script(
                "return document.documentElement.getAttribute('data-drawn')"
            )
            times.append(float(drawn))
    finally:
        session.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    journey = synthetic_map(args.cards)
    with tempfile.TemporaryDirectory() as folder:
        page_s, floor_s, page = write_times(journey, Path(folder), args.runs)
        size = page.stat().st_size
        print(f"cards: {journey.card_count}, runs: {args.runs} (medians)")
        print(f"web page (--html):            {page_s:6.3f} s  ({size / 1e6:.2f} MB)")
        print(f"floor (JSON export + fonts):  {floor_s:6.3f} s")
        print(f"ratio: {page_s / floor_s:.2f}x (target <= 1.5x)")
        print(f"page text alone (no file):    {timed(lambda: page_text(journey)):6.3f} s")
        loads = open_times(page, args.loads)
    if loads:
        print(f"open and draw in headless Chromium: median {statistics.median(loads):.0f} ms "
              f"(loads: {', '.join(f'{t:.0f}' for t in loads)}; target < 2000 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
