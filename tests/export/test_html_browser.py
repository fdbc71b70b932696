"""The web page in a real browser: headless Chromium from a file:// address, driven by selenium.

Every card title shows, a click on a card shows all of it, lanes, kinds and a search
filter the map, persona curves toggle, hostile titles are plain text and run nothing,
the mouse, a pinch and touch move and zoom, it prints, and the browser makes no request
but the page itself and its data: URIs (Chrome's performance log).
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.export.html_page import HtmlOptions, export_html
from app.export.pdf_poster import poster_layout
from app.model.journey import JourneyMap
from app.model.templates import new_map
from tests.export.browser import chromium, open_page, requests
from tests.export.test_html_page import HOSTILE, hostile_map

pytestmark = pytest.mark.slow

DESKTOP = (1600, 1000)


def words(text: str) -> str:
    return " ".join(text.split())


def portrait() -> bytes:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (96, 96), "#e4572e")
    ImageDraw.Draw(picture).ellipse((24, 12, 72, 60), fill="#f6d7b0")
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def client_map() -> JourneyMap:
    """The retail example with a photo for the first persona and the third one's curve off."""
    journey = new_map("retail-checkout")
    personas = list(journey.personas)
    personas[0] = replace(personas[0], photo=portrait())
    personas[2] = replace(personas[2], show_curve=False)
    return JourneyMap.build(
        journey.info,
        personas,
        journey.stages,
        journey.steps,
        journey.lanes,
        list(journey.cards()),
        journey.emotions(),
    )


@pytest.fixture(scope="module")
def journey() -> JourneyMap:
    return client_map()


@pytest.fixture(scope="module")
def page(journey: JourneyMap, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page") / "Client copy.html"
    export_html(journey, path)
    return path


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    with chromium(*DESKTOP) as browser:
        yield browser


@pytest.fixture
def browser(session: Any, page: Path) -> Any:
    """The page freshly opened at desktop size, the log of requests emptied."""
    viewport(session, *DESKTOP)
    requests(session)
    open_page(session, page)
    return session


def viewport(session: Any, width: int, height: int, touch: bool = False) -> None:
    session.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    session.execute_cdp_cmd(
        "Emulation.setTouchEmulationEnabled", {"enabled": touch, "maxTouchPoints": 5}
    )


def js(session: Any, script: str, *args: Any) -> Any:
    return session.execute_script(script, *args)


def card(session: Any, card_id: str) -> Any:
    return session.find_element("css selector", f'g.card[data-id="{card_id}"]')


def click(session: Any, element: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(session).move_to_element(element).click().perform()


def panel_text(session: Any) -> str:
    return words(session.find_element("id", "panel").text)


def shown(element: Any) -> bool:
    return bool(element.is_displayed())


def zoom(session: Any) -> str:
    return str(session.find_element("id", "zoom-level").text)


def no_alert(session: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        session.switch_to.alert.text  # noqa: B018 (reading it is the check)


# ---------------------------------------------------------------------- reading the map
def test_every_card_title_is_visible(browser: Any, journey: JourneyMap) -> None:
    layout = poster_layout(journey)
    stage = js(browser, "return document.getElementById('stage').getBoundingClientRect()")
    for each in journey.cards():
        node = card(browser, each.id)
        lines = [line.text for line in node.find_elements("css selector", "text.t-title")]
        assert lines == list(layout.cards[each.id].title_lines), each.title
        box = js(browser, "return arguments[0].getBoundingClientRect()", node)
        assert shown(node) and box["width"] > 20
        assert stage["left"] <= box["left"] and box["right"] <= stage["right"] + 0.5
        assert stage["top"] <= box["top"] and box["bottom"] <= stage["bottom"] + 0.5
    assert browser.find_element("id", "status").text == f"{journey.card_count} cards"


def test_clicking_a_card_shows_every_field(browser: Any, journey: JourneyMap) -> None:
    chosen = next(c for c in journey.cards() if c.body and c.owner and c.channel)
    click(browser, card(browser, chosen.id))
    panel = browser.find_element("id", "panel")
    assert shown(panel)
    text = panel_text(browser)
    for part in (chosen.title, chosen.body, chosen.owner, chosen.channel.label,  # type: ignore[union-attr]
                 chosen.evidence.confidence.label, journey.lane(chosen.lane_id).name):  # fmt: skip
        assert words(part) in text, part
    quoted = next(c for c in journey.cards() if c.evidence.quotes and c.evidence.source)
    click(browser, card(browser, quoted.id))
    text = panel_text(browser)
    for part in (quoted.evidence.source, *quoted.evidence.quotes, *quoted.tags):
        assert words(part) in text, part
    click(browser, card(browser, chosen.id))
    assert "sel" in (card(browser, chosen.id).get_attribute("class") or "")
    from selenium.webdriver.common.keys import Keys

    browser.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    assert not shown(panel)


def test_a_pain_point_shows_its_severity_and_a_kpi_its_metrics(
    browser: Any, journey: JourneyMap
) -> None:
    pain = next(c for c in journey.cards() if c.severity)
    click(browser, card(browser, pain.id))
    assert f"Severity {pain.severity} of 5" in panel_text(browser)
    kpi = next(c for c in journey.cards() if c.metrics)
    click(browser, card(browser, kpi.id))
    text = panel_text(browser)
    assert "Metrics" in text.title() and kpi.metrics[0].display_name in text


def test_filter_by_lane_kind_and_search(browser: Any, journey: JourneyMap) -> None:
    lane = journey.lanes[0]
    lane_cards = [c for c in journey.cards() if c.lane_id == lane.id]
    below = next(c for c in journey.cards() if c.lane_id == journey.lanes[1].id)
    top_before = card(browser, below.id).rect["y"]
    menu = browser.find_element("css selector", "#lane-filter summary")
    menu.click()
    browser.find_element("css selector", f'#lane-filter input[value="{lane.id}"]').click()
    assert not any(shown(card(browser, c.id)) for c in lane_cards)
    assert "(9/10)" in menu.text
    assert card(browser, below.id).rect["y"] < top_before  # the lanes below moved up
    browser.find_element("css selector", f'#lane-filter input[value="{lane.id}"]').click()
    assert all(shown(card(browser, c.id)) for c in lane_cards)

    def dimmed(card_id: str) -> bool:
        node = card(browser, card_id)
        return float(js(browser, "return getComputedStyle(arguments[0]).opacity", node)) < 0.5

    browser.find_element("css selector", "#kind-filter summary").click()
    browser.find_element("css selector", '#kind-filter input[value="pain_point"]').click()
    for each in journey.cards():
        assert dimmed(each.id) == (each.kind.value == "pain_point"), each.title
    browser.find_element("css selector", '#kind-filter input[value="pain_point"]').click()

    target = next(c for c in journey.cards() if "voucher" in c.title.lower())
    search = browser.find_element("id", "search")
    search.send_keys("VOUCHER")
    matches = [c for c in journey.cards() if "voucher" in " ".join(
        [c.title, c.body, c.owner, *c.tags, c.evidence.source, *c.evidence.quotes]).lower()]
    assert not dimmed(target.id)
    assert all(dimmed(c.id) == (c not in matches) for c in journey.cards())
    status = browser.find_element("id", "status").text
    assert status == f"{len(matches)} of {journey.card_count} cards match"


def test_persona_curves_toggle(browser: Any, journey: JourneyMap) -> None:
    def curve_shown(index: int) -> bool:
        return bool(js(browser, "var c = document.querySelector('.curve[data-persona=\"' + "
                       "arguments[0] + '\"]'); return getComputedStyle(c).display !== 'none'",
                       index))  # fmt: skip

    assert [curve_shown(i) for i in range(3)] == [True, True, False]  # as the map says
    chips = browser.find_elements("css selector", "#persona-chips .chip")
    assert [chip.text for chip in chips] == [p.name for p in journey.personas]
    chips[0].click()
    assert not curve_shown(0) and chips[0].get_attribute("aria-pressed") == "false"
    chips[2].click()
    assert curve_shown(2)
    chips[0].click()
    assert curve_shown(0)


def test_personas_with_profiles_and_photos(browser: Any, journey: JourneyMap) -> None:
    browser.find_element("id", "personas-button").click()
    text = panel_text(browser)
    for persona in journey.personas:
        for part in (persona.name, persona.role, persona.goals, persona.frustrations):
            assert words(part) in text
    photo = browser.find_element("css selector", "#panel img.photo")
    assert photo.get_attribute("src").startswith("data:image/png;base64,")
    assert js(browser, "return arguments[0].naturalWidth", photo) == 96
    # The panel's own toggle hides the curve as the chip does.
    browser.find_element("css selector", '#panel input[data-persona-toggle="0"]').click()
    chip = browser.find_element("css selector", '#persona-chips [data-persona-toggle="0"]')
    assert chip.get_attribute("aria-pressed") == "false"


def test_a_client_safe_page_shows_no_owner_and_no_evidence(
    session: Any, tmp_path: Path, journey: JourneyMap
) -> None:
    page = tmp_path / "client-safe.html"
    export_html(journey, page, HtmlOptions(client_safe=True))
    viewport(session, *DESKTOP)
    open_page(session, page)
    owned = next(c for c in journey.cards() if c.owner and c.body)
    quoted = next(c for c in journey.cards() if c.evidence.quotes)
    for chosen in (owned, quoted):
        click(session, card(session, chosen.id))
        text = panel_text(session)
        assert words(chosen.title) in text and words(chosen.body) in text
        secret = (chosen.owner, chosen.evidence.source, *chosen.evidence.quotes)
        for hidden in ("Owner", "Evidence", "Confidence", *filter(None, secret)):
            assert words(hidden) not in text and words(hidden).upper() not in text, hidden


# ---------------------------------------------------------------------- safety
def test_hostile_titles_are_text_and_run_nothing(
    session: Any, tmp_path: Path, retail: JourneyMap
) -> None:
    journey = hostile_map(retail)
    page = tmp_path / "hostile.html"
    export_html(journey, page)
    viewport(session, *DESKTOP)
    requests(session)
    open_page(session, page)
    no_alert(session)
    assert session.title == journey.info.title
    hostile = list(journey.cards())[: len(HOSTILE)]
    for each, text in zip(hostile, HOSTILE, strict=True):
        titles = card(session, each.id).find_elements("css selector", "text.t-title")
        assert "".join(t.get_attribute("textContent") for t in titles) == text
        click(session, card(session, each.id))
        no_alert(session)
        title = session.find_element("css selector", "#panel h2")
        assert title.get_attribute("textContent") == text
        assert text in [t.get_attribute("textContent") for t in session.find_elements(
            "css selector", "#panel .text, #panel dd, #panel .tag")]  # fmt: skip
    injected = js(
        session,
        "return [document.scripts.length, document.querySelectorAll('img').length, "
        "document.querySelectorAll('a, iframe, object, embed, form').length, "
        "document.querySelectorAll('[onerror], [onload], [onclick]').length]",
    )
    assert injected == [3, 0, 0, 0]
    assert all(url == page.resolve().as_uri() or url.startswith("data:")
               for url in requests(session))  # fmt: skip


def test_the_browser_makes_no_request(browser: Any, page: Path, journey: JourneyMap) -> None:
    for each in list(journey.cards())[:5]:  # reading cards, personas and photos, printing
        click(browser, card(browser, each.id))
    browser.find_element("id", "personas-button").click()
    browser.find_element("id", "about-button").click()
    browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    made = requests(browser)
    address = page.resolve().as_uri()
    assert made and made[0] == address
    assert [url for url in made if url != address and not url.startswith("data:")] == []
    fonts = [url for url in made if url.startswith("data:font/woff;base64,")]
    assert len(fonts) == 2  # Noto Sans, regular and bold
    assert not [entry for entry in browser.get_log("browser")
                if "Content Security Policy" in entry["message"]]  # fmt: skip


# ---------------------------------------------------------------------- moving around
def test_mouse_wheel_pinch_and_touch_move_and_zoom(session: Any, page: Path) -> None:
    viewport(session, *DESKTOP)
    open_page(session, page)
    fitted = zoom(session)

    def origin() -> tuple[float, float]:
        transform = session.find_element("id", "world-body").get_attribute("transform")
        x, y = re.match(r"translate\(([-\d.e]+) ([-\d.e]+)\)", transform).groups()  # type: ignore[union-attr]
        return float(x), float(y)

    def wheel(dy: float, ctrl: bool) -> None:
        session.execute_cdp_cmd("Input.dispatchMouseEvent", {
            "type": "mouseWheel", "x": 800, "y": 500, "deltaX": 0, "deltaY": dy,
            "modifiers": 2 if ctrl else 0})  # fmt: skip

    wheel(-300, ctrl=True)  # Ctrl + wheel: zoom in about the pointer
    zoomed = zoom(session)
    assert int(zoomed[:-1]) > int(fitted[:-1])
    before = origin()
    wheel(120, ctrl=False)  # the wheel alone scrolls
    assert origin()[1] < before[1] and zoom(session) == zoomed
    from selenium.webdriver.common.action_chains import ActionChains

    before = origin()
    target = session.find_element("id", "map")
    drag = ActionChains(session).move_to_element_with_offset(target, 100, 100)
    drag.click_and_hold().move_by_offset(-150, -80).release().perform()
    after = origin()
    assert after[0] < before[0] - 100 and after[1] < before[1] - 50
    assert not session.find_element("id", "panel").is_displayed()  # a drag is not a click
    session.find_element("id", "fit").click()
    assert zoom(session) == fitted

    viewport(session, 1024, 768, touch=True)  # a tablet: two fingers pinch, one drags
    open_page(session, page)
    fitted = zoom(session)

    def touch(kind: str, points: list[tuple[float, float]]) -> None:
        session.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
            {"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})  # fmt: skip

    touch("touchStart", [(450, 450), (550, 450)])
    for spread in range(1, 6):
        touch("touchMove", [(450 - 30 * spread, 450), (550 + 30 * spread, 450)])
    touch("touchEnd", [])
    assert int(zoom(session)[:-1]) > 2 * int(fitted[:-1])
    before = origin()
    touch("touchStart", [(500, 500)])
    for step in range(1, 6):
        touch("touchMove", [(500 - 20 * step, 500 - 10 * step)])
    touch("touchEnd", [])
    assert origin()[0] < before[0] - 60


def test_tablet_layout_keeps_the_bar_short(session: Any, page: Path, journey: JourneyMap) -> None:
    viewport(session, 1024, 768)
    open_page(session, page)
    bar = session.find_element("id", "bar").rect
    assert bar["height"] < 100  # two rows: title, then the tools
    assert session.find_element("id", "curve-filter").is_displayed()
    assert not session.find_element("id", "persona-chips").is_displayed()
    last = list(journey.cards())[-1]
    click(session, card(session, last.id))
    panel = session.find_element("id", "panel").rect
    node = card(session, last.id).rect
    assert panel["width"] <= 400 and node["x"] + node["width"] <= panel["x"]  # not hidden


def test_printing_gives_readable_sheets(browser: Any, journey: JourneyMap) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    printed = browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    document = pdfium.PdfDocument(base64.b64decode(printed["data"]))
    try:
        pages = [document[i] for i in range(len(document))]
        assert len(pages) >= 4
        assert all(page.get_width() > page.get_height() for page in pages)  # landscape
        text = words(" ".join(page.get_textpage().get_text_range() for page in pages))
        layout = poster_layout(journey)
        missing = [c.title for c in journey.cards()
                   if words(layout.cards[c.id].title_lines[0]) not in text]  # fmt: skip
        assert missing == []
        assert text.count("sheet 1 of") == 1
    finally:
        document.close()
