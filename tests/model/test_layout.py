"""Layout geometry: the grid, stacked cards, growing lanes, curves and text wrapping."""

from __future__ import annotations

import itertools

import pytest

from app.model import commands as c
from app.model.entities import Card
from app.model.journey import JourneyMap
from app.model.layout import AverageMeasurer, compute_layout, smooth_curve, wrap_text
from app.model.vocab import LaneKind

MEASURER = AverageMeasurer()


def test_stage_headers_span_their_steps_and_cells_tile_the_grid(retail: JourneyMap) -> None:
    layout = compute_layout(retail, MEASURER)
    for stage in retail.stages:
        steps = [layout.step_rects[s.id] for s in retail.steps_of(stage.id)]
        header = layout.stage_rects[stage.id]
        assert header.x == steps[0].x and header.right == pytest.approx(steps[-1].right)
    for lane in retail.lanes:
        row = layout.lane_rects[lane.id]
        cells = [layout.cells[(lane.id, step.id)] for step in retail.steps]
        assert all(cell.y == row.y and cell.height == row.height for cell in cells)
        assert all(a.right == pytest.approx(b.x) for a, b in itertools.pairwise(cells))
    assert layout.width == pytest.approx(max(r.right for r in layout.step_rects.values()))


def test_cards_stack_in_order_inside_their_cell_and_lanes_grow(blank: JourneyMap) -> None:
    lane, step = blank.lanes[0], blank.steps[1]
    for i in range(6):
        c.AddCard(blank, Card(f"Card number {i} with a title long enough to wrap", lane.id,
                              step.id)).do()
    layout = compute_layout(blank, MEASURER)
    boxes = [layout.cards[card.id].rect for card in blank.cards_in(lane.id, step.id)]
    cell = layout.cells[(lane.id, step.id)]
    assert all(a.bottom < b.y for a, b in itertools.pairwise(boxes))
    assert all(cell.x < box.x and box.right < cell.right for box in boxes)
    assert boxes[-1].bottom < cell.bottom
    assert cell.height > lane.min_height  # the lane grew to fit its tallest cell
    other = layout.cells[(blank.lanes[1].id, step.id)]
    assert other.y == pytest.approx(cell.bottom)


def test_points_find_cells_and_insert_positions(blank: JourneyMap) -> None:
    lane, step = blank.lanes[2], blank.steps[3]
    first, second = Card("first", lane.id, step.id), Card("second", lane.id, step.id)
    c.AddCard(blank, first).do()
    c.AddCard(blank, second).do()
    layout = compute_layout(blank, MEASURER)
    cell = layout.cells[(lane.id, step.id)]
    assert layout.cell_at(cell.x + 5, cell.y + 5) == (lane.id, step.id)
    assert layout.cell_at(-10, cell.y) is None
    top = layout.cards[first.id].rect
    assert layout.insert_index(blank, lane.id, step.id, top.y + 1) == 0
    assert layout.insert_index(blank, lane.id, step.id, cell.bottom - 1) == 2


def test_emotion_curves_go_through_step_centres_on_the_scale(retail: JourneyMap) -> None:
    layout = compute_layout(retail, MEASURER)
    [emotion_lane] = [lane for lane in retail.lanes if lane.kind is LaneKind.EMOTIONS]
    levels = layout.emotion_scale_y[emotion_lane.id]
    assert levels[3] < levels[0] < levels[-3]  # higher scores higher up
    row = layout.lane_rects[emotion_lane.id]
    assert row.y < levels[3] and levels[-3] < row.bottom
    persona = retail.personas[0]
    points = layout.curves[persona.id]
    assert len(points) == len(retail.steps)
    for point in points:
        header = layout.step_rects[point.step_id]
        assert point.x == pytest.approx(header.x + header.width / 2)
        assert point.y == levels[retail.emotion(persona.id, point.step_id).score]
        assert layout.score_at(emotion_lane.id, point.y + 3) == point.score


def test_smooth_curve_passes_through_its_points_without_overshoot() -> None:
    points = [(0.0, 10.0), (100.0, 50.0), (200.0, 20.0), (300.0, 20.0)]
    segments = smooth_curve(points)
    assert [s[0] for s in segments] + [segments[-1][3]] == points
    for start, c1, c2, end in segments:
        low, high = min(start[1], end[1]), max(start[1], end[1])
        assert low <= c1[1] <= high and low <= c2[1] <= high


def test_wrapping_keeps_lines_within_the_width_and_breaks_unspaced_text() -> None:
    def measure(text: str) -> float:
        return 6.0 * len(text)

    lines = wrap_text("Customers abandon the basket at the payment step", 60, measure)
    assert all(measure(line) <= 60 for line in lines)
    assert " ".join(lines) == "Customers abandon the basket at the payment step"
    cjk = "日本語のテキストはスペースがありません"
    assert "".join(wrap_text(cjk, 60, measure)) == cjk
    assert wrap_text("a\nb", 60, measure) == ["a", "b"]


def test_long_text_is_cut_with_an_ellipsis_and_flagged(blank: JourneyMap) -> None:
    card = Card("word " * 200, blank.lanes[0].id, blank.steps[0].id, body="body " * 300)
    c.AddCard(blank, card).do()
    box = compute_layout(blank, MEASURER).cards[card.id]
    assert box.truncated
    assert box.title_lines[-1].endswith("…") and box.body_lines[-1].endswith("…")
    assert len(box.title_lines) == 6 and len(box.body_lines) == 3
