"""`cjm snapshot`, `cjm versions` and `cjm diff`: what a user types and what they see."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.model import commands as c
from app.model.entities import Card
from app.model.snapshots import find_snapshot, snapshot_map
from app.model.store import open_document, save_document
from app.model.store.workspace import backups_of
from tests.store.test_format_versions import FIXTURES
from tests.test_cli import digest, run
from tests.test_cli_save_rules import held_by_the_app, refused_by

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def shop(tmp_path: Path, capsys: Capture) -> Path:
    path = tmp_path / "shop.cjm"
    assert run(capsys, "new", path, "--template", "retail-checkout")[0] == 0
    return path


def edit_in_the_app(path: Path) -> dict[str, str]:
    """Open the whole document, change it as a workshop would, save it; what changed."""
    document = open_document(path)
    journey = document.current
    first, second, third = list(journey.cards())[:3]
    c.EditCard(journey, first.id, title="Pay with one click", severity=4).do()
    c.MoveCard(journey, second.id, journey.lanes[-1].id, journey.steps[-1].id, 0).do()
    c.RemoveCard(journey, third.id).do()
    c.AddCard(journey, Card("Free delivery banner", journey.lanes[1].id, journey.steps[0].id)).do()
    c.EditStage(journey, journey.stages[1].id, name="Compare offers").do()
    point = journey.emotions()[0]
    c.SetEmotion(journey, point.persona_id, point.step_id, -3 if point.score > 0 else 3).do()
    save_document(document, path)
    return {"first": first.title, "second": second.title, "third": third.title,
            "stage": open_document(path).current.stages[1].name}  # fmt: skip


# ---------------------------------------------------------------------- snapshots
def test_take_list_and_keep_snapshots_through_saves(shop: Path, capsys: Capture) -> None:
    code, out, err = run(capsys, "snapshot", shop, "--name", "Before workshop", "--author", "Zofia")
    assert (code, err) == (0, "")
    assert out == 'Took snapshot "Before workshop" of shop.cjm (88 cards).\n'
    before = open_document(shop).current
    edit_in_the_app(shop)  # the app saves the whole document: the snapshot stays
    assert run(capsys, "snapshot", shop, "--name", "After workshop", "--author", "Zofia")[0] == 0

    code, out, _ = run(capsys, "versions", shop)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "shop.cjm: 2 snapshots, oldest first"
    assert lines[1].startswith('  "Before workshop"  taken ') and " by Zofia  " in lines[1]
    assert lines[1].endswith("88 cards, 3 personas, 30 emotion points")
    assert lines[2].startswith('  "After workshop"  taken ')
    assert "88 cards" in lines[2]  # one card removed, one added
    assert lines[3].startswith("  now  5 stages, 10 steps, 10 lanes, 88 cards")

    listed = json.loads(run(capsys, "versions", shop, "--json")[1])
    assert [s["name"] for s in listed["snapshots"]] == ["Before workshop", "After workshop"]
    assert listed["snapshots"][0]["author"] == "Zofia"
    assert listed["snapshots"][0]["counts"] == {
        "stages": 5, "steps": 10, "lanes": 10, "cards": 88, "personas": 3, "emotion_points": 30,
    }  # fmt: skip
    # Reopened from disk, the older snapshot is exactly the map as it was.
    document = open_document(shop)
    kept = snapshot_map(document, find_snapshot(document, "Before workshop"))
    assert kept.snapshot() == before.snapshot()


def test_a_snapshot_keeps_the_save_rules(shop: Path, capsys: Capture) -> None:
    assert backups_of(shop) == []
    assert run(capsys, "snapshot", shop, "--name", "One")[0] == 0
    [backup] = backups_of(shop)  # the file as it was before, kept as the app keeps it
    assert open_document(backup.path).snapshots == ()
    before = digest(shop)
    with held_by_the_app(shop) as app:
        code, out, err = run(capsys, "snapshot", shop, "--name", "Two")
        assert (code, out) == (1, "")
        assert refused_by(app, "shop.cjm").fullmatch(err)
    assert digest(shop) == before


def test_snapshot_names_are_refused_with_one_line(shop: Path, capsys: Capture) -> None:
    assert run(capsys, "snapshot", shop, "--name", "Once")[0] == 0
    before = digest(shop)
    for name, problem in (
        ("Once", "a snapshot named 'Once' already exists"),
        ("  ", "a snapshot needs a name"),
        ("two\nlines", "a snapshot name is one line, without tabs"),
    ):
        refused = (1, "", f"error: shop.cjm: {problem}\n")
        assert run(capsys, "snapshot", shop, "--name", name) == refused
    assert digest(shop) == before


def test_versions_of_a_map_without_snapshots(shop: Path, capsys: Capture) -> None:
    code, out, _ = run(capsys, "versions", shop)
    assert (code, out) == (
        0, "shop.cjm has no snapshots (take one: cjm snapshot shop.cjm --name NAME)\n")


# ---------------------------------------------------------------------- diff
def test_diff_of_a_snapshot_and_now_shows_the_changes_since(shop: Path, capsys: Capture) -> None:
    assert run(capsys, "snapshot", shop, "--name", "Before workshop")[0] == 0
    titles = edit_in_the_app(shop)
    code, out, err = run(capsys, "diff", "shop.cjm@Before workshop".replace("shop.cjm", str(shop)),
                         shop)  # fmt: skip
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith('Changes from snapshot "Before workshop" of shop.cjm (taken ')
    assert lines[0].endswith(" to shop.cjm:")
    assert "Stages: 1 renamed" in lines
    assert f'  renamed "Consider" to "{titles["stage"]}"' in lines
    assert "Cards: 1 added, 1 removed, 1 moved, 1 edited" in lines
    assert any(line.startswith('  added "Free delivery banner" in ') for line in lines)
    assert any(line.startswith(f'  removed "{titles["third"]}" from ') for line in lines)
    assert any(line.startswith(f'  moved "{titles["second"]}" from ') for line in lines)
    assert f'      title: "{titles["first"]}" -> "Pay with one click"' in lines
    assert "      severity: none -> 4" in lines
    assert "Emotions: 1 changed" in lines
    assert any(line.startswith('  changed "') and line.endswith(")") for line in lines)


def test_a_map_compared_with_itself_has_no_differences(shop: Path, capsys: Capture) -> None:
    code, out, _ = run(capsys, "diff", shop, shop)
    assert (code, out) == (
        0, "Changes from shop.cjm to shop.cjm:\nNo differences: the two maps are the same.\n")
    assert json.loads(run(capsys, "diff", shop, shop, "--json")[1])["same"] is True


def test_diff_of_two_files_as_json(shop: Path, tmp_path: Path, capsys: Capture) -> None:
    copy = tmp_path / "copy.cjm"
    shutil.copyfile(shop, copy)
    titles = edit_in_the_app(copy)
    code, out, _ = run(capsys, "diff", shop, copy, "--json")
    plain = json.loads(out)
    assert code == 0 and plain["format"] == "cjm-diff" and plain["version"] == 1
    assert plain["old"]["file"] == str(shop) and plain["new"]["file"] == str(copy)
    assert plain["same"] is False and plain["matched_by"] == "id"
    assert plain["summary"]["cards"] == {
        "added": 1, "removed": 1, "moved": 1, "reordered": 0, "renamed": 1, "edited": 1,
    }  # fmt: skip
    edited = next(card for card in plain["cards"] if card["title"] == "Pay with one click")
    assert edited["change"] == "changed" and edited["old_title"] == titles["first"]
    assert {"field": "severity", "old": None, "new": 4} in edited["fields"]
    moved = next(card for card in plain["cards"] if card["moved"])
    assert moved["from"]["step_name"] != moved["to"]["step_name"]
    assert set(moved["to"]) == {"lane", "lane_name", "step", "step_name", "position"}
    added = next(card for card in plain["cards"] if card["change"] == "added")
    assert added["element"]["title"] == "Free delivery banner" and added["old_id"] is None
    [emotion] = plain["emotions"]
    assert emotion["delta"] == emotion["new"] - emotion["old"] != 0
    assert emotion["persona_name"] and emotion["step_name"]


def test_diff_writes_the_what_changed_report(shop: Path, tmp_path: Path, capsys: Capture) -> None:
    assert run(capsys, "snapshot", shop, "--name", "v1")[0] == 0
    edit_in_the_app(shop)
    report = tmp_path / "changes.pdf"
    code, out, _ = run(capsys, "diff", f"{shop}@v1", shop, "--pdf", report)
    assert code == 0 and "Cards: 1 added" in out
    text = "".join(page.extract_text() for page in PdfReader(report).pages)
    for words in ("What changed", "Pay with one click", "Free delivery banner"):
        assert words in text
    assert run(capsys, "diff", f"{shop}@v1", shop, "--pdf", report) == (
        1, "", "error: changes.pdf already exists (use --overwrite to replace it)\n")
    assert run(capsys, "diff", f"{shop}@v1", shop, "--pdf", report, "--overwrite")[0] == 0
    before = digest(shop)
    code, _, err = run(capsys, "diff", f"{shop}@v1", shop, "--pdf", shop, "--overwrite")
    assert (code, err) == (1, "error: shop.cjm: --pdf would write over a map it compares\n")
    assert digest(shop) == before


def test_diff_of_the_current_and_future_state(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "reviewed.cjm"
    shutil.copyfile(FIXTURES / "v3.cjm", path)
    code, out, err = run(capsys, "diff", path, "--future")
    assert (code, err) == (0, "")
    assert out.startswith(
        "Changes from the current state of reviewed.cjm to the future state of reviewed.cjm:\n")
    plain = json.loads(run(capsys, "diff", path, "--future", "--json")[1])
    assert plain["matched_by"] == "counterpart links and id"
    assert (plain["old"]["map"], plain["new"]["map"]) == ("current", "future")
    # The one linked pair of cards is one card (the fixture links nothing else): it is
    # neither added nor removed, while the unlinked cards are.
    [link] = open_document(path).counterparts
    changes = {(card["id"], card["change"]) for card in plain["cards"]}
    assert (link.future_id, "added") not in changes
    assert (link.current_id, "removed") not in changes
    assert plain["summary"]["cards"]["added"] == plain["summary"]["cards"]["removed"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{shop}@Nope", "{shop}"],
         "shop.cjm: no snapshot named 'Nope' (the file has no snapshots)"),
        (["{shop}@", "{shop}"],
         "shop.cjm: give a snapshot's name after @ (cjm versions lists them)"),
        (["{folder}/missing.cjm", "{shop}"], "missing.cjm: no such file"),
        (["{folder}/missing.cjm@v1", "{shop}"], "missing.cjm: no such file"),
        (["{shop}", "--future"], "shop.cjm: the map has no future state to compare with"),
        (["{shop}"], "diff needs two maps (cjm diff A B; either may be MAP.cjm@SNAPSHOT), "
                     "or one map with --future"),
    ],
)  # fmt: skip
def test_diff_errors_are_one_line(
    shop: Path, capsys: Capture, args: list[str], message: str
) -> None:
    given = [arg.format(shop=shop, folder=shop.parent) for arg in args]
    assert run(capsys, "diff", *given) == (1, "", f"error: {message}\n")


def test_unknown_snapshot_names_the_ones_there_are(shop: Path, capsys: Capture) -> None:
    assert run(capsys, "snapshot", shop, "--name", "v1")[0] == 0
    assert run(capsys, "diff", f"{shop}@v2", shop) == (
        1, "", "error: shop.cjm: no snapshot named 'v2'; the file has 'v1'\n")


def test_missing_or_damaged_files_give_one_line(shop: Path, capsys: Capture) -> None:
    assert run(capsys, "versions", shop.parent / "gone.cjm") == (
        1, "", "error: gone.cjm: no such file\n")
    assert run(capsys, "snapshot", shop.parent / "gone.cjm", "--name", "x") == (
        1, "", "error: gone.cjm: no such file\n")
    junk = shop.parent / "junk.cjm"
    junk.write_bytes(b"not a map at all")
    code, out, err = run(capsys, "diff", junk, shop)
    assert (code, out) == (1, "") and err.startswith("error: junk.cjm: ") and err.count("\n") == 1
