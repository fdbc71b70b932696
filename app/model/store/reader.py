"""Opening a .cjm: validate a private copy, upgrade it, read its rows into a new map.

Opening is an import. The user's file (and any -journal or -wal beside it) is
copied to a temporary folder and only the copy is opened, so SQLite's own
recovery of a hot journal happens on the copy and the original is never
modified. Rows are read through the guarded connection, checked value by value,
and built into a fresh in-memory map: nothing the file defines ever runs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    LargeBinary,
    Table,
    create_engine,
    literal_column,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from app.model.entities import (
    Card,
    EmotionPoint,
    EmotionScale,
    Evidence,
    Lane,
    MapInfo,
    Metric,
    Persona,
    Stage,
    Step,
)
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.store import schema as tables
from app.model.store.errors import StoreError
from app.model.store.guard import Deadline, guarded_connection
from app.model.store.history import UPGRADES
from app.model.store.validate import (
    check_header,
    check_identity,
    check_integrity,
    check_schema,
)
from app.model.vocab import CardKind, Channel, Confidence, LaneKind, MapState, MetricKind, Status

SIDECARS = ("-journal", "-wal")


class Damaged(Exception):
    """A value read from the file is wrong; the message says what and where."""


def open_map(path: str | Path) -> JourneyMap:
    """Read the map stored in ``path``; raises StoreError with a one-line reason."""
    path = Path(path)
    check_header(path)
    with tempfile.TemporaryDirectory(prefix="cjm-open-") as folder:
        copy = Path(folder) / "received.cjm"
        try:
            shutil.copyfile(path, copy)
            for suffix in SIDECARS:
                sidecar = path.with_name(path.name + suffix)
                if sidecar.is_file():
                    shutil.copyfile(sidecar, copy.with_name(copy.name + suffix))
        except OSError as error:
            raise StoreError(path, f"cannot be read ({error.strerror or error})") from None
        deadline = Deadline()
        connection = None
        try:
            connection = guarded_connection(copy, deadline)
            return _import(path, connection)
        except StoreError:
            raise
        except Damaged as error:
            raise StoreError(path, f"damaged ({error})") from None
        except (sqlite3.Error, DBAPIError, ModelError, RecursionError, ValueError,
                OverflowError) as error:
            if deadline.expired:
                raise StoreError(path, "damaged (reading it took too long)") from None
            if "too big" in str(error):
                raise StoreError(path, "damaged (a value is larger than 16 MB)") from None
            cause = (error.orig or error) if isinstance(error, DBAPIError) else error
            raise StoreError(path, f"damaged ({_first_line(cause)})") from None
        finally:
            if connection is not None:
                connection.close()


def _import(path: Path, connection: sqlite3.Connection) -> JourneyMap:
    # Recovery of a hot journal or WAL happens here, on the copy.
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    check_identity(path, application_id, version)
    check_integrity(path, connection)
    check_schema(path, connection, version)
    for step_from in range(version, tables.SCHEMA_VERSION):
        UPGRADES[step_from](connection)
    engine = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)
    try:
        with engine.connect() as db:
            return _read_map(_Rows(db))
    finally:
        engine.dispose(close=False)


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


# ---------------------------------------------------------------------- types
def _allowed_types(column: Any) -> tuple[str, ...]:
    if isinstance(column.type, Integer):
        kinds: tuple[str, ...] = ("integer",)
    elif isinstance(column.type, Float):
        kinds = ("real", "integer")
    elif isinstance(column.type, LargeBinary):
        kinds = ("blob",)
    else:
        kinds = ("text",)
    return (*kinds, "null") if column.nullable else kinds


class _Rows:
    """Reads whole tables as plain tuples, each row checked for wrongly typed values.

    The queries are built by SQLAlchemy; the rows come straight from the driver's
    cursor, because building result objects would cost more than reading the file.
    A last column computed by SQLite in the same scan flags a row holding a value
    of the wrong type, so checking types costs no second pass over the table.
    """

    def __init__(self, db: Connection) -> None:
        self._db = db
        self._cursor = db.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def all(self, table: Table) -> list[tuple[Any, ...]]:
        wrong = " OR ".join(
            f"typeof({column.name}) NOT IN ({', '.join(repr(t) for t in _allowed_types(column))})"
            for column in table.columns
        )
        query = select(table, literal_column(f"({wrong})"))
        if "position" in table.columns:
            query = query.order_by(table.c.position)
        sql = str(query.compile(self._db.engine))
        rows: list[tuple[Any, ...]] = self._cursor.execute(sql).fetchall()
        for row in rows:
            if row[-1]:
                self._report(table, row)
        return rows

    def _report(self, table: Table, row: tuple[Any, ...]) -> None:
        for column, value in zip(table.columns, row, strict=False):
            found = {int: "integer", float: "real", str: "text", bytes: "blob"}.get(
                type(value), "null"
            )
            if found not in _allowed_types(column):
                raise Damaged(
                    f"{table.name} {row[0]!r}: {column.name} holds {found}, not "
                    f"{' or '.join(_allowed_types(column))}"
                )
        raise Damaged(f"{table.name} {row[0]!r}: a value has the wrong type")


# ---------------------------------------------------------------------- rows
def _read_map(rows: _Rows) -> JourneyMap:
    map_rows = rows.all(tables.journey_map)
    if len(map_rows) != 1:
        raise Damaged(f"expected one map row, found {len(map_rows)}")
    info = _info(dict(zip(tables.journey_map.columns.keys(), map_rows[0], strict=False)))
    persona_columns = tables.persona.columns.keys()
    personas = [
        _persona(dict(zip(persona_columns, row, strict=False))) for row in rows.all(tables.persona)
    ]
    stages = [Stage(name, stage_id, goal) for stage_id, _, name, goal, _ in rows.all(tables.stage)]
    steps = [
        Step(name, stage_id, step_id, description, float(width))
        for step_id, stage_id, _, name, description, width, _ in rows.all(tables.step)
    ]
    lanes = [
        Lane(name, _enum(LaneKind, kind, "lane", lane_id), lane_id, colour, float(height))
        for lane_id, _, name, kind, colour, height, _ in rows.all(tables.lane)
    ]
    cards = [_card(row) for row in rows.all(tables.card)]
    emotions = [
        EmotionPoint(persona_id, step_id, score, note)
        for persona_id, step_id, score, note, _ in rows.all(tables.emotion)
    ]
    return JourneyMap.build(info, personas, stages, steps, lanes, cards, emotions)


def _info(row: Any) -> MapInfo:
    labels = _json(row["scale_labels"], "map", "scale_labels")
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise Damaged("map: scale_labels is not a set of labels")
    try:
        label_pairs = tuple(sorted((int(k), v) for k, v in labels.items()))
    except ValueError:
        raise Damaged("map: scale_labels has a score that is not a number") from None
    low, high = row["scale_min"], row["scale_max"]
    if not -100 <= low < high <= 100:
        raise Damaged("map: emotion scale out of range")
    return MapInfo(
        title=row["title"],
        objective=row["objective"],
        description=row["description"],
        state=_enum(MapState, row["state"], "map", "state"),
        author=row["author"],
        organisation=row["organisation"],
        created=_date(row["created"], "created"),
        modified=_date(row["modified"], "modified"),
        scale=EmotionScale(low, high, label_pairs),
    )


def _persona(row: Any) -> Persona:
    return Persona(
        name=row["name"],
        id=row["id"],
        role=row["role"],
        quote=row["quote"],
        goals=row["goals"],
        needs=row["needs"],
        frustrations=row["frustrations"],
        notes=row["notes"],
        colour=row["colour"],
        photo=row["photo"],
        is_primary=bool(row["is_primary"]),
        show_curve=bool(row["show_curve"]),
    )


_CARD_KINDS = {kind.value: kind for kind in CardKind}
_CHANNELS = {channel.value: channel for channel in Channel}
_STATUSES = {status.value: status for status in Status}
_CONFIDENCES = {level.value: level for level in Confidence}
_NO_EVIDENCE = Evidence()


def _lookup(table: dict[str, Any], token: Any, where: str, column: str) -> Any:
    try:
        return table[token]
    except (KeyError, TypeError):
        raise Damaged(f"{where}: unknown {column} {token!r}") from None


def _card(row: Sequence[Any]) -> Card:
    (card_id, lane_id, step_id, _position, kind, title, body, channel, owner, moment,
     severity, impact, effort, status, metrics, quotes, source, confidence, tags, colour,
     _wrong_type) = row
    where = f"card {card_id!r}"
    if quotes is None and not source and confidence == "assumption":
        evidence = _NO_EVIDENCE
    else:
        evidence = Evidence(
            _strings(quotes, where, "evidence_quotes"),
            source,
            _lookup(_CONFIDENCES, confidence, where, "confidence"),
        )
    return Card(
        title,
        lane_id,
        step_id,
        _lookup(_CARD_KINDS, kind, where, "kind"),
        card_id,
        body,
        None if channel is None else _lookup(_CHANNELS, channel, where, "channel"),
        owner,
        bool(moment),
        severity,
        impact,
        effort,
        None if status is None else _lookup(_STATUSES, status, where, "status"),
        _metrics(metrics, where) if metrics is not None else (),
        evidence,
        _strings(tags, where, "tags") if tags is not None else (),
        colour,
    )


def _metrics(text: str | None, where: str) -> tuple[Metric, ...]:
    if text is None:
        return ()
    values = _json(text, where, "metrics")
    if not isinstance(values, list):
        raise Damaged(f"{where}: metrics is not a list")
    metrics = []
    for value in values:
        if not isinstance(value, dict) or not isinstance(value.get("value"), int | float):
            raise Damaged(f"{where}: a metric is not a record with a value")
        target = value.get("target")
        if target is not None and not isinstance(target, int | float):
            raise Damaged(f"{where}: a metric target is not a number")
        name, unit = value.get("name", ""), value.get("unit", "")
        if not isinstance(name, str) or not isinstance(unit, str):
            raise Damaged(f"{where}: a metric name or unit is not text")
        metrics.append(
            Metric(
                _enum(MetricKind, value.get("kind"), where, "metrics"),
                float(value["value"]),
                name,
                unit,
                None if target is None else float(target),
            )
        )
    return tuple(metrics)


def _strings(text: str | None, where: str, column: str) -> tuple[str, ...]:
    if text is None:
        return ()
    values = _json(text, where, column)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise Damaged(f"{where}: {column} is not a list of texts")
    return tuple(values)


#: Deepest nesting a JSON column may have (ours are at most 2 deep).
MAX_JSON_DEPTH = 8


def _json(text: str, where: str, column: str) -> Any:
    # Counting brackets is cheap; only a text with many of them gets the careful scan.
    many = text.count("[") + text.count("{") > MAX_JSON_DEPTH
    if many and _nesting_depth(text) > MAX_JSON_DEPTH:  # json.loads on 200,000 "[" would recurse
        raise Damaged(f"{where}: {column} is nested too deeply")
    try:
        return json.loads(text)
    except ValueError:
        raise Damaged(f"{where}: {column} is not valid JSON") from None


def _nesting_depth(text: str) -> int:
    """How deeply brackets nest in a JSON text, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


def _enum(enum: Any, token: Any, where: str, column: str) -> Any:
    try:
        return enum(token)
    except ValueError:
        raise Damaged(f"{where}: unknown {column} {token!r}") from None


def _date(text: str, column: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise Damaged(f"map: {column} is not a date ({text[:40]!r})") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
