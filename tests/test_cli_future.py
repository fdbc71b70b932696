"""The future state: cjm future derives it, export --future exports it, diff --future compares."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.model.commands import EditCard
from app.model.diff import future_diff
from app.model.errors import ModelError
from app.model.future import create_future
from app.model.store import open_document, save_document
from app.model.vocab import MapState
from tests.test_cli import run

RETAIL = Path(__file__).resolve().parent.parent / "resources" / "examples" / "retail-checkout.cjm"


def test_the_future_state_is_a_linked_copy_and_editing_it_leaves_the_current_one(
    tmp_path: Path,
) -> None:
    document = open_document(RETAIL)
    before = document.current.snapshot()
    future = create_future(document)
    assert future.info.state is MapState.FUTURE and future.card_count == document.current.card_count
    assert {link.current_id for link in document.counterparts} >= {
        card.id for card in document.current.cards()
    }
    assert not {card.id for card in future.cards()} & {c.id for c in document.current.cards()}
    card = next(iter(future.cards()))
    EditCard(future, card.id, title="Checkout in one tap").do()
    assert document.current.snapshot() == before
    changed = [change for change in future_diff(document).cards if change.fields]
    assert [change.title for change in changed] == ["Checkout in one tap"]
    with pytest.raises(ModelError, match="already"):
        create_future(document)
    save_document(document, tmp_path / "map.cjm")
    again = open_document(tmp_path / "map.cjm")
    assert again.future is not None and again.future.snapshot() == future.snapshot()
    assert set(again.counterparts) == set(document.counterparts)


def test_cjm_future_then_export_future_and_diff_future(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "map.cjm"
    shutil.copy(RETAIL, path)
    code, _, err = run(capsys, "export", path, "--future", "--pdf", tmp_path / "f.pdf")
    assert code == 1 and err.startswith("error: map.cjm: the map has no future state")
    code, out, _ = run(capsys, "future", path)
    assert code == 0 and "Created the future state of map.cjm (88 cards" in out
    document = open_document(path)
    assert document.future is not None
    card = next(iter(document.future.cards()))
    EditCard(document.future, card.id, title="Pay with one tap").do()
    save_document(document, path)
    code, _, err = run(capsys, "export", path, "--future", "--pdf", tmp_path / "f.pdf")
    assert (code, err) == (0, "")
    text = subprocess.run(["pdftotext", str(tmp_path / "f.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Future state journey map" in text and "Pay with one tap" in text
    code, out, _ = run(capsys, "diff", path, "--future")
    assert code == 0 and "Pay with one tap" in out
    code, _, err = run(capsys, "future", path)
    assert code == 1 and "already" in err


def test_cjm_info_future_counts_the_future_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "map.cjm"
    shutil.copy(RETAIL, path)
    code, _, err = run(capsys, "info", path, "--future")
    assert code == 1 and "no future state" in err
    run(capsys, "future", path)
    code, out, _ = run(capsys, "info", path, "--future", "--json")
    assert code == 0 and '"state": "Future state"' in out and '"cards": 88' in out


def test_comments_and_elements_take_future_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "map.cjm"
    shutil.copy(RETAIL, path)
    code, _, err = run(capsys, "elements", path, "--future")
    assert code == 1 and "no future state" in err
    run(capsys, "future", path)
    _, out, _ = run(capsys, "elements", path, "--future", "--json")
    future_card = next(e["id"] for e in json.loads(out) if e["kind"] == "card")
    code, _, err = run(capsys, "comment", path, "--on", future_card, "--text", "Q3?")
    assert code == 1 and "no element" in err  # a future card is not in the current map
    code, out, _ = run(capsys, "comment", path, "--future", "--on", future_card, "--text", "Q3?")
    assert code == 0 and out.startswith("Added comment")
    _, out, _ = run(capsys, "comments", path, "--future", "--json")
    [thread] = json.loads(out)
    assert thread["map"] == "future" and thread["element"]["id"] == future_card
