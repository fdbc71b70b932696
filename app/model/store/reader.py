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

from sqlalchemy import Connection, Float, Integer, LargeBinary, Table, create_engine, select
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
            if isinstance(error, DBAPIError):
                error = error.orig or error
            if deadline.expired:
                raise StoreError(path, "damaged (reading it took too long)") from None
            raise StoreError(path, f"damaged ({_first_line(error)})") from None
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
            for table in tables.metadata.sorted_tables:
                _check_types(db, table)
            return _read_map(db)
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


def _check_types(db: Connection, table: Table) -> None:
    """Find the first value stored with the wrong type, in SQL (fast on big maps)."""
    conditions = " OR ".join(
        f"typeof({column.name}) NOT IN ({', '.join(repr(t) for t in _allowed_types(column))})"
        for column in table.columns
    )
    key = "id" if "id" in table.columns else "persona_id"
    sql = (
        f"SELECT {key}, {', '.join(f'typeof({c.name})' for c in table.columns)} "
        f"FROM {table.name} WHERE {conditions} LIMIT 1"
    )
    row = db.exec_driver_sql(sql).first()
    if row is None:
        return
    for column, found in zip(table.columns, row[1:], strict=True):
        if found not in _allowed_types(column):
            raise Damaged(
                f"{table.name} {row[0]!r}: {column.name} holds {found}, not "
                f"{' or '.join(_allowed_types(column))}"
            )


# ---------------------------------------------------------------------- rows
def _read_map(db: Connection) -> JourneyMap:
    map_rows = db.execute(select(tables.journey_map)).all()
    if len(map_rows) != 1:
        raise Damaged(f"expected one map row, found {len(map_rows)}")
    info = _info(map_rows[0]._mapping)
    personas = [_persona(row._mapping) for row in _ordered(db, tables.persona)]
    stages = [Stage(row.name, row.id, row.goal) for row in _ordered(db, tables.stage)]
    steps = [
        Step(row.name, row.stage_id, row.id, row.description, float(row.width))
        for row in _ordered(db, tables.step)
    ]
    lanes = [
        Lane(
            row.name,
            _enum(LaneKind, row.kind, "lane", row.id),
            row.id,
            row.colour,
            float(row.min_height),
        )
        for row in _ordered(db, tables.lane)
    ]
    cards = [_card(row._mapping) for row in _ordered(db, tables.card)]
    emotions = [
        EmotionPoint(row.persona_id, row.step_id, row.score, row.note)
        for row in db.execute(select(tables.emotion)).all()
    ]
    return JourneyMap.build(info, personas, stages, steps, lanes, cards, emotions)


def _ordered(db: Connection, table: Table) -> Sequence[Any]:
    return db.execute(select(table).order_by(table.c.position)).all()


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


def _card(row: Any) -> Card:
    where = f"card {row['id']!r}"
    return Card(
        title=row["title"],
        lane_id=row["lane_id"],
        step_id=row["step_id"],
        kind=_enum(CardKind, row["kind"], where, "kind"),
        id=row["id"],
        body=row["body"],
        channel=_enum(Channel, row["channel"], where, "channel") if row["channel"] else None,
        owner=row["owner"],
        moment_of_truth=bool(row["moment_of_truth"]),
        severity=row["severity"],
        impact=row["impact"],
        effort=row["effort"],
        status=_enum(Status, row["status"], where, "status") if row["status"] else None,
        metrics=_metrics(row["metrics"], where),
        evidence=Evidence(
            _strings(row["evidence_quotes"], where, "evidence_quotes"),
            row["evidence_source"],
            _enum(Confidence, row["confidence"], where, "confidence"),
        ),
        tags=_strings(row["tags"], where, "tags"),
        colour=row["colour"],
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
    if _nesting_depth(text) > MAX_JSON_DEPTH:  # json.loads on 200,000 "[" would recurse
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
