"""Metrics as the user reads and types them, one a line: ``CSAT 4.2``, ``NPS -10``,
``Custom Wait time 12 min target 5``. Numbers are written with the user's decimal
separator (``decimal`` is "." or ","); a point is always accepted too. Pure Python."""

from __future__ import annotations

from app.model.entities import Metric
from app.model.vocab import MetricKind


def example(decimal: str = ".") -> str:
    """The expected form, shown as the empty field's placeholder."""
    return "\n".join(
        (
            f"e.g. CSAT 4{decimal}2",
            "NPS -10 target 30",
            f"Custom Wait time 12{decimal}5 min target 5",
        )
    )


def number_text(value: float, decimal: str = ".") -> str:
    text = f"{value:g}"
    return text.replace(".", decimal) if decimal != "." else text


def metrics_text(metrics: tuple[Metric, ...], decimal: str = ".") -> str:
    """One metric a line, numbers with ``decimal`` as separator."""
    lines = []
    for metric in metrics:
        name = (
            f"{metric.kind.label} {metric.name}"
            if metric.kind is MetricKind.CUSTOM
            else metric.kind.label
        )
        line = f"{name} {number_text(metric.value, decimal)}"
        if metric.unit:
            line += f" {metric.unit}"
        if metric.target is not None:
            line += f" target {number_text(metric.target, decimal)}"
        lines.append(line)
    return "\n".join(lines)


def read_number(word: str, decimal: str = ".") -> float | None:
    """``word`` as a number ("4.2", or "4,2" where the separator is a comma); else None."""
    if decimal == "," and word.count(",") == 1 and "." not in word:
        word = word.replace(",", ".")
    try:
        return float(word)
    except ValueError:
        return None


def parse_metrics(text: str, decimal: str = ".") -> tuple[Metric, ...]:
    """The inverse of ``metrics_text``; raises ValueError saying which line is wrong and why."""
    metrics = []
    kinds = ", ".join(kind.label for kind in MetricKind)
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        if not words:
            continue
        where = f"Metrics line {number} ({line.strip()!r})"
        try:
            kind = MetricKind(MetricKind.parse(words[0]))
        except ValueError:
            raise ValueError(
                f"{where}: {words[0]!r} is not a metric; start the line with {kinds}"
            ) from None
        rest = words[1:]
        target = None
        if len(rest) >= 2 and rest[-2].lower() == "target":
            target = read_number(rest[-1], decimal)
            if target is None:
                raise ValueError(f"{where}: the target {rest[-1]!r} is not a number")
            rest = rest[:-2]
        values = [read_number(word, decimal) for word in rest]
        at = next((i for i, value in enumerate(values) if value is not None), None)
        if at is None:
            raise ValueError(f"{where}: no value; write e.g. 'CSAT 4{decimal}2'")
        name = " ".join(rest[:at])
        if kind is MetricKind.CUSTOM and not name:
            raise ValueError(f"{where}: a custom metric needs a name, e.g. 'Custom Wait time 12'")
        if kind is not MetricKind.CUSTOM and name:
            raise ValueError(f"{where}: {name!r} before the value is not understood")
        value = values[at]
        assert value is not None
        metrics.append(Metric(kind, value, name, " ".join(rest[at + 1 :]), target))
    return tuple(metrics)
