"""The layout of a CJM Studio workbook, shared by the Excel export and import.

Sheet names, the columns of the sheets that import reads (found by header name,
so clients may reorder them or add their own), and how values that are not
plain text are spelled in a cell: metrics, quotes, tags, yes/no, numbers and
references to personas, stages, steps and lanes. docs/excel-format.md describes
the same layout for people.

Every ``parse_*`` function raises ValueError with a short reason; the reader
adds the sheet and cell.

Some values have no exact spelling in a cell (a tag holding a comma, a quote
with a line break, a metric whose name is CSAT but is custom); ``card_cells``
then also gives the card's exact values as JSON (``exact_values``), which the
export keeps on the hidden Data sheet (``xlsx_data``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any

from app.export.xlsx_safety import CELL_LIMIT, clean_text
from app.model.entities import Card, Metric
from app.model.journey import JourneyMap
from app.model.vocab import MetricKind

CellValue = str | int | float | bool | None

#: Gives the text that names an element (by id) in another sheet's cell.
Reference = Callable[[str], str]

FORMAT_NAME = "cjm-xlsx"
FORMAT_VERSION = 1

MAP = "Map"
CARDS = "Cards"
EMOTIONS = "Emotions"
PERSONAS = "Personas"
BACKLOG = "Backlog"
STAGES = "Stages"
STEPS = "Steps"
LANES = "Lanes"
ABOUT = "About"
DATA = "Data"
BASE = "Base"

#: Sheets in workbook order; Map is first (the sheet a spreadsheet opens on), Data and Base
#: are very hidden.
SHEET_ORDER = (MAP, CARDS, EMOTIONS, PERSONAS, BACKLOG, STAGES, STEPS, LANES, ABOUT, DATA, BASE)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet: its key in code, its header text, its width in characters."""

    key: str
    header: str
    width: float = 14.0
    wrap: bool = False
    centred: bool = False
    hidden: bool = False


CARD_COLUMNS = (
    Column("id", "Id", 12),
    Column("stage", "Stage", 18, wrap=True),
    Column("step", "Step", 20, wrap=True),
    Column("lane", "Lane", 20, wrap=True),
    Column("kind", "Kind", 13),
    Column("title", "Title", 34, wrap=True),
    Column("body", "Body", 44, wrap=True),
    Column("channel", "Channel", 13),
    Column("owner", "Owner", 16, wrap=True),
    Column("moment_of_truth", "Moment of truth", 12, centred=True),
    Column("severity", "Severity", 9, centred=True),
    Column("impact", "Impact", 9, centred=True),
    Column("effort", "Effort", 9, centred=True),
    Column("priority", "Priority", 11),
    Column("status", "Status", 12),
    Column("metrics", "Metrics", 30, wrap=True),
    Column("quotes", "Evidence quotes", 40, wrap=True),
    Column("source", "Evidence source", 24, wrap=True),
    Column("confidence", "Confidence", 15),
    Column("tags", "Tags", 18, wrap=True),
    Column("colour", "Colour", 10),
    Column("comments", "Comments", 44, wrap=True),
    Column("exact", "Exact values", 12, hidden=True),
)

#: The Cards column of the card's comments (``xlsx_comments``): not a field of the card.
COMMENTS_KEY = "comments"

#: Card columns that are not the card's own fields (the export works them out, or they
#: hold its comments); they do not make a row a card.
CARD_COMPUTED = frozenset({"priority", "exact", COMMENTS_KEY})

PERSONA_COLUMNS = (
    Column("id", "Id", 12),
    Column("name", "Persona", 20, wrap=True),
    Column("role", "Role", 26, wrap=True),
    Column("quote", "Quote", 34, wrap=True),
    Column("goals", "Goals", 34, wrap=True),
    Column("needs", "Needs", 34, wrap=True),
    Column("frustrations", "Frustrations", 34, wrap=True),
    Column("notes", "Notes", 34, wrap=True),
    Column("colour", "Colour", 10),
    Column("primary", "Primary", 9, centred=True),
    Column("show_curve", "Show curve", 9, centred=True),
    Column("photo", "Photo", 12, hidden=True),
)

STAGE_COLUMNS = (
    Column("id", "Id", 12),
    Column("name", "Stage", 22, wrap=True),
    Column("goal", "Goal", 34, wrap=True),
)

STEP_COLUMNS = (
    Column("id", "Id", 12),
    Column("stage", "Stage", 22, wrap=True),
    Column("name", "Step", 26, wrap=True),
    Column("description", "Description", 44, wrap=True),
    Column("width", "Width", 9),
)

LANE_COLUMNS = (
    Column("id", "Id", 12),
    Column("name", "Lane", 30, wrap=True),
    Column("kind", "Kind", 26),
    Column("colour", "Colour", 10),
    Column("min_height", "Min height", 10),
)

EMOTION_COLUMNS = (
    Column("stage", "Stage", 20, wrap=True),
    Column("step", "Step", 24, wrap=True),
)

#: The header of the column holding a persona's notes on the Emotions sheet.
NOTE_PREFIX = "Note: "

#: The hidden Data sheet: blobs (photos, exact card values) as base64 in numbered parts.
DATA_COLUMNS = (
    Column("hash", "Hash", 66),
    Column("part", "Part", 6),
    Column("data", "Data", 100),
)

#: The About sheet: one field per row, label in column A, value in column B.
ABOUT_FIELDS = (
    ("title", "Title"),
    ("objective", "Objective"),
    ("description", "Description"),
    ("state", "State"),
    ("author", "Author"),
    ("organisation", "Organisation"),
    ("created", "Created"),
    ("modified", "Modified"),
    ("scale", "Emotion scale"),
    ("scale_labels", "Scale labels"),
    ("internal_tags", "Internal tags"),  # written only when the map has some
    ("exported", "Exported"),
    ("app_version", "App version"),
    ("format", "Format"),
    ("format_version", "Format version"),
)


def header_key(text: str) -> str:
    """A header as compared on import: spaces collapsed, case ignored, _ read as a space."""
    return " ".join(text.replace("_", " ").split()).casefold()


# ---------------------------------------------------------------- references
class References:
    """How one kind of element is named in other sheets: its name, or its id if ambiguous.

    A name is used only if it is unique, not blank, not (white space aside) any
    element's id, and ``usable`` (say, not a header the sheet already has).
    """

    def __init__(
        self,
        elements: Iterable[tuple[str, str]],
        usable: Callable[[str], bool] = lambda name: True,
        ids: Iterable[str] = (),
    ) -> None:
        pairs = list(elements)
        counts: dict[str, int] = {}
        for _, name in pairs:
            counts[header_key(name)] = counts.get(header_key(name), 0) + 1
        taken = {element_id.strip() for element_id, _ in pairs} | {i.strip() for i in ids}
        self._refs = {
            element_id: name
            if name.strip() and counts[header_key(name)] == 1 and name.strip() not in taken
            and usable(name) else element_id
            for element_id, name in pairs
        }

    def __call__(self, element_id: str) -> str:
        return self._refs[element_id]


def is_emotion_header(name: str) -> bool:
    """True if ``name`` can head a persona's column on the Emotions sheet and read back as it.

    It must not be read as another column (Stage, Step, a ``Note:`` column) and
    its note column's header must fit in a cell.
    """
    key = header_key(name)
    taken = {header_key(c.header) for c in EMOTION_COLUMNS} | {
        header_key(c.key) for c in EMOTION_COLUMNS
    }
    return (
        key not in taken
        and not key.startswith(header_key(NOTE_PREFIX))
        and len(NOTE_PREFIX + name) <= CELL_LIMIT
    )


def card_cells(
    card: Card,
    journey: JourneyMap,
    stage_ref: Reference,
    step_ref: Reference,
    lane_ref: Reference,
    data: MutableMapping[str, bytes] | None = None,
) -> dict[str, CellValue]:
    """The Cards sheet row of ``card``, by column key.

    If some of the card's values cannot be spelled exactly in their cells, the
    row's Exact values cell names them by hash, and they are put in ``data``.
    """
    score = card.priority_score
    priority = card.priority
    cells: dict[str, CellValue] = {
        "id": card.id,
        "stage": stage_ref(journey.step(card.step_id).stage_id),
        "step": step_ref(card.step_id),
        "lane": lane_ref(card.lane_id),
        "kind": card.kind.label,
        "title": card.title,
        "body": card.body,
        "channel": card.channel.label if card.channel else "",
        "owner": card.owner,
        "moment_of_truth": format_flag(card.moment_of_truth),
        "severity": card.severity,
        "impact": card.impact,
        "effort": card.effort,
        "priority": f"{priority.label} ({score})" if priority and score else "",
        "status": card.status.label if card.status else "",
        "metrics": format_metrics(card.metrics),
        "quotes": format_quotes(card.evidence.quotes),
        "source": card.evidence.source,
        "confidence": card.evidence.confidence.label,
        "tags": format_tags(card.tags),
        "colour": card.colour,
        COMMENTS_KEY: "",  # the export fills it in when comments go with the workbook
        "exact": "",
    }
    exact = exact_values(card, cells)
    if exact is not None:
        key = content_hash(exact)
        cells["exact"] = key
        if data is not None:
            data[key] = exact
    return cells


# ---------------------------------------------------------------- exact values
def content_hash(data: bytes) -> str:
    """The key a blob is kept under on the Data sheet: its sha256, in lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def is_content_hash(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def exact_values(card: Card, cells: dict[str, CellValue]) -> bytes | None:
    """The card's tags, quotes and metrics that do not read back from their cells, as JSON.

    None if every one of them does (the usual case).
    """
    values: dict[str, object] = {}
    for key, value in (("tags", card.tags), ("quotes", card.evidence.quotes),
                       ("metrics", card.metrics)):
        if value and not reads_back(key, str(cells[key]), value):
            values[key] = [list(m) for m in card.metrics] if key == "metrics" else list(value)
    if not values:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8")


def reads_back(key: str, cell: str, value: tuple[object, ...]) -> bool:
    """True if the cell text the export writes for ``value`` reads back as ``value``."""
    try:
        return LIST_COLUMNS[key][1](clean_text(cell)) == value
    except ValueError:
        return False


# ---------------------------------------------------------------- values
def format_number(value: float) -> str:
    """A number as short text that reads back to the same float."""
    value = float(value)
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def format_flag(value: bool) -> str:
    return "Yes" if value else ""


def parse_flag(value: object) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    token = str(value).strip().casefold()
    if token in ("", "no", "n", "false", "0", "-"):
        return False
    if token in ("yes", "y", "true", "x", "1", "✓"):
        return True
    raise ValueError(f"expected Yes or No, got {_short(value)}")


def parse_number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, got {value}")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"{what} must be a number, got {_short(value)}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number")
    return number


def parse_whole(value: object, what: str, low: int, high: int) -> int:
    number = parse_number(value, what)
    if not number.is_integer() or not low <= number <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}, got {_short(value)}")
    return int(number)


def format_tags(tags: Iterable[str]) -> str:
    return ", ".join(tags)


def parse_tags(text: str) -> tuple[str, ...]:
    return tuple(tag.strip() for tag in text.split(",") if tag.strip())


def format_internal_tags(tags: tuple[str, ...]) -> str:
    """The About sheet's Internal tags: "a, b", or a JSON list when that would not read
    back exactly (a tag with a comma or spaces around it, or text starting with "[")."""
    plain = format_tags(tags)
    if parse_tags(plain) == tags and not plain.startswith("["):
        return plain
    return json.dumps(list(tags), ensure_ascii=False)


def parse_internal_tags(text: str) -> tuple[str, ...]:
    """The tags ``format_internal_tags`` wrote (ValueError for a broken JSON list)."""
    if not text.startswith("["):
        return parse_tags(text)
    try:
        tags = json.loads(text)
    except ValueError:
        raise ValueError("internal tags: a list starting with [ must be a JSON list") from None
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValueError("internal tags: a list starting with [ must be a JSON list of texts")
    return tuple(tags)


def format_quotes(quotes: Iterable[str]) -> str:
    return "\n".join(quotes)


def parse_quotes(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.split("\n") if line.strip())


_METRIC = re.compile(
    r"^(?P<name>.*):\s*(?P<value>[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)"
    r"\s*(?P<unit>.*?)\s*(?:\(\s*target\s+(?P<target>[^)]*)\))?\s*$",
    re.IGNORECASE,
)


def format_metric(metric: Metric) -> str:
    """``CSAT: 4.1 (target 4.3)`` or ``Payment drop-off: 42% (target 20)``."""
    unit = metric.unit.strip()
    text = f"{metric.display_name}: {format_number(metric.value)}"
    if unit:
        text += unit if unit.startswith("%") else f" {unit}"
    if metric.target is not None:
        text += f" (target {format_number(metric.target)})"
    return text


def format_metrics(metrics: Iterable[Metric]) -> str:
    return "\n".join(format_metric(metric) for metric in metrics)


def parse_metrics(text: str) -> tuple[Metric, ...]:
    """One metric per line; a name that is CSAT, NPS or CES is that metric, others are custom."""
    metrics = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        match = _METRIC.match(line.strip())
        if not match or not match["name"].strip():
            raise ValueError(f"expected a metric like 'CSAT: 4.2 (target 4.5)', got {_short(line)}")
        name = match["name"].strip()
        kind = next((k for k in MetricKind if k is not MetricKind.CUSTOM
                     and k.label.casefold() == name.casefold()), MetricKind.CUSTOM)
        target = match["target"]
        metric = Metric(
            kind=kind,
            value=parse_number(match["value"], "a metric value"),
            name=name if kind is MetricKind.CUSTOM else "",
            unit=match["unit"].strip(),
            target=None if target is None else parse_number(target, "a metric target"),
        )
        problem = metric.problem()
        if problem:
            raise ValueError(problem)
        metrics.append(metric)
    return tuple(metrics)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


#: How a card's list values are written to and read from their cells, by column key.
LIST_COLUMNS: dict[str, tuple[Callable[[Any], str], Callable[[str], tuple[Any, ...]]]] = {
    "tags": (format_tags, parse_tags),
    "quotes": (format_quotes, parse_quotes),
    "metrics": (format_metrics, parse_metrics),
}
