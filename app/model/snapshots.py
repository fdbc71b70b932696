"""Named snapshots of a document's map: taken, found by name, read back, summarised.

A snapshot keeps the map as it was when the user took it. It is stored as
compressed JSON (zlib) and decoded only when asked for. The newest snapshot holds
the whole map (cjm-json); taking the next one turns the previous newest into a
delta against the new one (``plain_delta``) when that is smaller. So fifty
snapshots of a big map that changes a little between them cost about one map and
fifty small deltas, and opening or saving the file reads or writes little more
than without them (docs/performance.md). Reading a snapshot starts from the one
stored whole and applies the deltas back, newest to oldest; the map's own reader
then checks every value, so a damaged snapshot is refused with a reason, never
half read.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from app.model.codec import (
    FORMAT_NAME,
    FormatError,
    card_to_dict,
    map_from_dict,
    map_to_dict,
)
from app.model.document import MapDocument, Snapshot
from app.model.entities import Card, now_utc
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.plain_delta import apply_delta, make_delta
from app.model.rules import text_problem

#: The most JSON text one stored snapshot may unpack to (a guard against a crafted file).
MAX_PLAIN_BYTES = 256 * 1024**2
#: The longest snapshot name.
MAX_NAME_LENGTH = 200
#: The counts ``summaries`` gives, as ``cjm info`` names them.
COUNTS = ("stages", "steps", "lanes", "cards", "personas", "emotion_points")


@dataclass(frozen=True, slots=True)
class SnapshotSummary:
    """A snapshot with its element counts; ``problem`` says why it cannot be read."""

    snapshot: Snapshot
    counts: dict[str, int] | None
    problem: str | None = None


def pack(plain: Any) -> bytes:
    """A plain map or delta as stored: compact UTF-8 JSON, compressed."""
    text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def unpack(data: bytes) -> Any:
    """The JSON value ``pack`` stored; ValueError (or RecursionError) if it is damaged."""
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, MAX_PLAIN_BYTES)
    if inflater.unconsumed_tail:
        raise ValueError(f"it unpacks to more than {MAX_PLAIN_BYTES // 1024**2} MB")
    if not inflater.eof:
        raise ValueError("its compressed data is cut short")
    return json.loads(text.decode("utf-8"))


def name_problem(name: str, document: MapDocument) -> str | None:
    """Why ``name`` cannot name a new snapshot of ``document``, or None."""
    if not name.strip():
        return "a snapshot needs a name"
    problem = text_problem(name)
    if problem:
        return f"the snapshot name {problem}"
    if "\n" in name or "\t" in name:
        return "a snapshot name is one line, without tabs"
    if len(name) > MAX_NAME_LENGTH:
        return f"a snapshot name has at most {MAX_NAME_LENGTH} characters"
    if any(snapshot.name == name for snapshot in document.snapshots):
        return f"a snapshot named {name!r} already exists"
    return None


def take_snapshot(
    document: MapDocument, name: str, author: str = "", when: datetime | None = None
) -> Snapshot:
    """Keep the document's current map as a new snapshot named ``name``; return it.

    Raises ModelError (and changes nothing) if the name is empty, not one line, or
    already taken, or the author's name breaks the rules of text.
    """
    problem = name_problem(name, document)
    if problem:
        raise ModelError(problem)
    plain = map_to_dict(document.current)
    taken = Snapshot(name, pack(plain), author=author, taken=when or now_utc())
    snapshots = list(document.snapshots)
    newest = next((i for i in reversed(range(len(snapshots))) if snapshots[i].base is None), None)
    if newest is not None:
        snapshots[newest] = _rebased(snapshots[newest], plain, taken.id)
    document.set_snapshots([*snapshots, taken])
    return taken


def _rebased(whole: Snapshot, plain: dict[str, Any], base_id: str) -> Snapshot:
    """``whole`` stored as the changes from ``plain`` (the snapshot ``base_id``), if smaller."""
    try:
        mine = unpack(whole.data)
        if not isinstance(mine, dict) or mine.get("format") != FORMAT_NAME:
            return whole
        data = pack(make_delta(plain, mine))
    except (ValueError, RecursionError, zlib.error):
        return whole  # a damaged snapshot is kept exactly as it is
    if len(data) >= len(whole.data):
        return whole
    return replace(whole, data=data, base=base_id)


def find_snapshot(document: MapDocument, name: str) -> Snapshot:
    """The snapshot named ``name`` (the newest, should two share it); ModelError if none."""
    for snapshot in reversed(document.snapshots):
        if snapshot.name == name:
            return snapshot
    if not document.snapshots:
        raise ModelError(f"no snapshot named {name!r} (the file has no snapshots)")
    names = ", ".join(repr(s.name) for s in document.snapshots[-5:])
    more = " (the newest five)" if len(document.snapshots) > 5 else ""
    raise ModelError(f"no snapshot named {name!r}; the file has {names}{more}")


def snapshot_plain(
    document: MapDocument, snapshot: Snapshot, memo: dict[str, Any] | None = None
) -> Any:
    """The plain (cjm-json) form of ``snapshot``'s map, not yet checked.

    ``memo`` keeps the plain forms met on the way (by snapshot id), so reading
    many snapshots of one chain decodes each stored form once.
    """
    memo = {} if memo is None else memo
    by_id = {s.id: s for s in document.snapshots}
    path: list[Snapshot] = []
    step = snapshot
    while step.id not in memo and step.base is not None:
        path.append(step)
        step = by_id[step.base]  # MapDocument.check holds every base to an existing snapshot
    reading = step
    try:
        if step.id not in memo:
            whole = unpack(step.data)
            if not isinstance(whole, dict) or whole.get("format") != FORMAT_NAME:
                raise FormatError("format", f"expected a whole map ({FORMAT_NAME})")
            memo[step.id] = whole
        plain = memo[step.id]
        for reading in reversed(path):
            plain = memo[reading.id] = apply_delta(plain, unpack(reading.data))
    except (ValueError, RecursionError, zlib.error) as error:
        raise ModelError(f"snapshot {reading.name!r} is damaged ({_first_line(error)})") from None
    return plain


def snapshot_map(document: MapDocument, snapshot: Snapshot) -> JourneyMap:
    """The map as it was when ``snapshot`` was taken, every value checked."""
    plain = snapshot_plain(document, snapshot)
    try:
        return map_like(plain, document.current)
    except FormatError as error:
        raise ModelError(f"snapshot {snapshot.name!r} is damaged ({error})") from None


def map_like(plain: Any, like: JourneyMap) -> JourneyMap:
    """The map a plain form holds, as ``map_from_dict`` reads it, sooner when it is much
    like the map ``like``: a card whose plain form is exactly that of a card of ``like``
    is that card (already held to the rules); only the others are read the careful way.
    The map is then built (and checked) as a whole. FormatError names what is wrong.
    """
    cards = plain.get("cards") if isinstance(plain, dict) else None
    if not isinstance(cards, list):
        return map_from_dict(plain)
    known = {card.id: card for card in like.cards()}
    reused: list[Card | None] = []
    fresh = []
    for value in cards:
        found = value.get("id") if isinstance(value, dict) else None
        card = known.get(found) if isinstance(found, str) else None
        if card is not None and card_to_dict(card) == value:
            reused.append(card)
        else:
            reused.append(None)
            fresh.append(value)
    rest = map_from_dict({**plain, "cards": fresh})  # every other part, read carefully
    read = {card.id: card for card in rest.cards()}  # ids are unique: the reader checked
    in_order = [
        card if card is not None else read[value["id"]]
        for card, value in zip(reused, cards, strict=True)
    ]
    try:
        return JourneyMap.build(rest.info, rest.personas, rest.stages, rest.steps, rest.lanes,
                                in_order, rest.emotions())  # fmt: skip
    except ModelError as error:
        raise FormatError("cards", str(error)) from None


def summaries(document: MapDocument) -> list[SnapshotSummary]:
    """Every snapshot, oldest first, with the counts of its map (from its plain form)."""
    memo: dict[str, Any] = {}
    found = []
    for snapshot in document.snapshots:
        try:
            counts = plain_counts(snapshot_plain(document, snapshot, memo))
        except ModelError as error:
            found.append(SnapshotSummary(snapshot, None, str(error)))
            continue
        found.append(SnapshotSummary(snapshot, counts))
    return found


def plain_counts(plain: Any) -> dict[str, int]:
    """How many stages, steps, lanes, cards, personas and emotion points a plain map holds."""

    def listed(value: Any, key: str) -> list[Any]:
        items = value.get(key) if isinstance(value, dict) else None
        return items if isinstance(items, list) else []

    stages = listed(plain, "stages")
    return {
        "stages": len(stages),
        "steps": sum(len(listed(stage, "steps")) for stage in stages),
        "lanes": len(listed(plain, "lanes")),
        "cards": len(listed(plain, "cards")),
        "personas": len(listed(plain, "personas")),
        "emotion_points": len(listed(plain, "emotions")),
    }


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]
