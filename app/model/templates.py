"""Built-in templates: a blank map and realistic example maps to start from.

Example templates are cjm-json files in ``resources/templates``; every map made
from a template gets fresh ids.
"""

from __future__ import annotations

import json

from app.model.codec import map_from_dict, with_fresh_ids
from app.model.entities import Lane, MapInfo, Persona, Stage, Step
from app.model.journey import JourneyMap
from app.model.vocab import DEFAULT_STAGE_NAMES, EMOTION_LANE_HEIGHT, LANE_HEIGHT, LaneKind
from app.resources import resource_path

BLANK = "blank"

#: Lanes of a blank map, top to bottom.
BLANK_LANES: tuple[LaneKind, ...] = (
    LaneKind.ACTIONS,
    LaneKind.TOUCHPOINTS,
    LaneKind.THOUGHTS,
    LaneKind.EMOTIONS,
    LaneKind.PAIN_POINTS,
    LaneKind.OPPORTUNITIES,
    LaneKind.FRONTSTAGE,
    LaneKind.BACKSTAGE,
)


def template_names() -> list[str]:
    """``blank`` first, then the bundled example templates by name."""
    folder = resource_path("templates")
    return [BLANK, *sorted(path.stem for path in folder.glob("*.json"))]


def template_title(name: str) -> str:
    """The title a template's map carries (for choosers)."""
    if name == BLANK:
        return "Blank map"
    data = json.loads(resource_path("templates", f"{name}.json").read_text("utf-8"))
    return str(data["map"]["title"])


def new_map(template: str = BLANK) -> JourneyMap:
    """A new map made from ``template``; raises KeyError for an unknown name."""
    if template == BLANK:
        return blank_map()
    if template not in template_names():
        raise KeyError(template)
    data = json.loads(resource_path("templates", f"{template}.json").read_text("utf-8"))
    return map_from_dict(with_fresh_ids(data))


def new_lane(kind: LaneKind) -> Lane:
    """A lane of ``kind`` as a new map or the user adds it: named after its kind."""
    height = EMOTION_LANE_HEIGHT if kind is LaneKind.EMOTIONS else LANE_HEIGHT
    return Lane(kind.label, kind, min_height=height)


def blank_map() -> JourneyMap:
    """The default stages (one step each), the usual lanes and one primary persona."""
    stages = [Stage(name) for name in DEFAULT_STAGE_NAMES]
    steps = [Step(stage.name, stage.id) for stage in stages]
    lanes = [new_lane(kind) for kind in BLANK_LANES]
    persona = Persona("Customer", is_primary=True)
    return JourneyMap.build(MapInfo(), [persona], stages, steps, lanes)
