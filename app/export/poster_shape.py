"""The map's shape on a poster: as on screen, or reshaped to use a page it does not fit.

A map is usually wider than tall. On a page of about its shape (landscape) it prints
as on screen. On a taller page (portrait) the map as on screen fills the width and
leaves paper blank above and below it, so there the poster reshapes it: narrower step
columns (cards wrap to more lines, so the map grows taller as it narrows), and for a
map much wider than the page, its stages in bands one under the other, each band with
the lane headers. Of these shapes the one that prints the map largest is chosen; a
reshaped map must print clearly larger than the map as on screen to be chosen, so a
map that nearly fits keeps its screen shape, and columns are not narrowed so far that
they cut the text of more than a few cards.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.export.fonts import ReportLabMeasurer
from app.export.map_subset import subset
from app.model.journey import JourneyMap
from app.model.layout import Layout, Metrics, compute_layout

#: Step columns are narrowed to these fractions of their width...
COLUMN_FACTORS = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7)
#: ...but never below this width (a step already narrower keeps its width), in points.
MIN_COLUMN = 130.0
#: Most bands the stages are cut into.
MAX_BANDS = 3
#: Room between two bands, in layout points.
BAND_GAP = 24.0
#: A reshaped map is chosen only when it prints at least this much larger than the map
#: as on screen (and than a less reshaped map).
LEAVE_SCREEN = 1.08
BETTER = 1.02
#: Narrower columns may cut the text of this many cards more than the screen does, or
#: this share of the cards if more: the poster then marks them, the handout has all.
CUT_ALLOWANCE = 2
CUT_SHARE = 0.03


@dataclass(frozen=True, slots=True)
class Band:
    """Some stages of the map (all of them, in one band) with their own layout."""

    journey: JourneyMap
    layout: Layout
    top: float  # from the top of the shape, in layout points


@dataclass(frozen=True, slots=True)
class MapShape:
    """How the map is drawn on the poster: its bands, top to bottom."""

    bands: tuple[Band, ...]
    column_factor: float = 1.0

    @property
    def width(self) -> float:
        return max(band.layout.width for band in self.bands)

    @property
    def height(self) -> float:
        last = self.bands[-1]
        return last.top + last.layout.height

    @property
    def as_on_screen(self) -> bool:
        return len(self.bands) == 1 and self.column_factor == 1.0

    def scale_in(self, width: float, height: float) -> float:
        """The scale at which the shape fills ``width`` x ``height`` without overflowing."""
        return max(min(width / max(self.width, 1.0), height / max(self.height, 1.0)), 1e-6)

    def width_limited(self, width: float, height: float) -> bool:
        """Whether the width stops the shape from printing larger (paper left above and below)."""
        return width / max(self.width, 1.0) < height / max(self.height, 1.0)


def as_on_screen(journey: JourneyMap, layout: Layout) -> MapShape:
    """The map in one band, its columns as wide as on screen."""
    return MapShape((Band(journey, layout, 0.0),))


def fitted_shape(journey: JourneyMap, layout: Layout, width: float, height: float) -> MapShape:
    """The shape of the map that prints largest in ``width`` x ``height`` points.

    ``layout`` is the map's layout as on screen (measured in the PDF fonts). The
    last few answers are kept by layout: the poster dialog asks again for every
    preview, and a big map takes a moment to reshape.
    """
    key = (id(layout), round(width, 3), round(height, 3))
    with _RECENT_LOCK:
        kept = _RECENT.get(key)
        if kept is not None and kept[0] is layout:
            _RECENT.move_to_end(key)
            return kept[1]
    shape = _best_shape(journey, layout, width, height)
    with _RECENT_LOCK:
        _RECENT[key] = (layout, shape)  # the layout kept alive: its id is not reused
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return shape


_RECENT: OrderedDict[tuple[int, float, float], tuple[Layout, MapShape]] = OrderedDict()
_RECENT_LOCK = threading.Lock()
_RECENT_SIZE = 8


def _best_shape(journey: JourneyMap, layout: Layout, width: float, height: float) -> MapShape:
    screen = best = as_on_screen(journey, layout)
    best_scale = screen.scale_in(width, height)
    if not screen.width_limited(width, height):
        return screen  # narrower or banded, it would only grow taller
    measurer = ReportLabMeasurer()
    allowed = _cut_cards(screen) + max(CUT_ALLOWANCE, round(journey.card_count * CUT_SHARE))
    for bands in range(1, MAX_BANDS + 1):
        groups = stage_groups(journey, bands)
        if groups is None:
            break
        for factor in COLUMN_FACTORS:
            full = bands == 1 and factor == 1.0
            shape = screen if full else _shape(journey, groups, factor, measurer)
            if _cut_cards(shape) > allowed:
                break  # narrower columns would cut more text still
            scale = shape.scale_in(width, height)
            if scale > best_scale * (LEAVE_SCREEN if best.as_on_screen else BETTER):
                best, best_scale = shape, scale
            if not shape.width_limited(width, height):
                break  # narrower columns would only make it taller
        if factor == 1.0 and bands > 1:
            break  # too tall with full columns already: more bands would be taller still
    return best


def _cut_cards(shape: MapShape) -> int:
    """How many cards show only part of their text."""
    return sum(box.truncated for band in shape.bands for box in band.layout.cards.values())


def stage_groups(journey: JourneyMap, bands: int) -> list[list[str]] | None:
    """The stage ids cut into ``bands`` runs of about equal width (None if too few stages)."""
    stages = journey.stages
    if bands < 1 or len(stages) < bands:
        return None
    ids = [stage.id for stage in stages]
    if bands == 1:
        return [ids]
    widths = [_stage_width(journey, stage.id) for stage in stages]
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in itertools.combinations(range(1, len(ids)), bands - 1):
        edges = (0, *cuts, len(ids))
        widest = max(sum(widths[a:b]) for a, b in itertools.pairwise(edges))
        if best is None or widest < best[0]:
            best = (widest, edges)
    if best is None:
        return None
    return [ids[a:b] for a, b in itertools.pairwise(best[1])]


def _stage_width(journey: JourneyMap, stage_id: str) -> float:
    steps = journey.steps_of(stage_id)
    return sum(step.width for step in steps) if steps else Metrics().empty_stage_width


def _shape(
    journey: JourneyMap, groups: Sequence[list[str]], factor: float, measurer: ReportLabMeasurer
) -> MapShape:
    bands: list[Band] = []
    top = 0.0
    for group in groups:
        part = journey if len(groups) == 1 else subset(journey, stage_ids=group)
        if factor != 1.0:
            part = _narrowed(part, factor)
        layout = compute_layout(part, measurer)
        bands.append(Band(part, layout, top))
        top += layout.height + BAND_GAP
    return MapShape(tuple(bands), factor)


def _narrowed(journey: JourneyMap, factor: float) -> JourneyMap:
    """A copy whose step columns are ``factor`` as wide (not below ``MIN_COLUMN``)."""
    steps = [
        replace(step, width=max(step.width * factor, min(step.width, MIN_COLUMN)))
        for step in journey.steps
    ]
    return JourneyMap.build(
        journey.info,
        journey.personas,
        journey.stages,
        steps,
        journey.lanes,
        journey.cards(),
        journey.emotions(),
    )
