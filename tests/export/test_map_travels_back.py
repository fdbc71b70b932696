"""The map travels back: from the web page and from the poster PDF to the same map, and a
tampered page or PDF refused with one clear ``error:`` line, nothing written."""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.cli import main
from app.export import html_read, pdf_attach
from app.export.html_page import export_html
from app.export.html_read import read_page
from app.export.json_form import compact
from app.export.pdf import export_handout, export_poster, export_tiled
from app.export.pdf_attach import ATTACHMENT_NAME, attach_data, read_pdf_map
from app.model.client_safe import client_copy
from app.model.codec import FormatError, map_to_dict
from app.model.journey import JourneyMap
from app.model.store import open_map, save_map
from tests.model.full_map import full_map

MAP_START = '<script type="application/json" id="cjm-map">'


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("which", ["every-field", "retail"])
def test_page_and_posters_give_the_same_map_back(
    which: str, retail: JourneyMap, tmp_path: Path
) -> None:
    journey = full_map() if which == "every-field" else retail
    expected = map_to_dict(journey)
    page, poster, tiles = tmp_path / "map.html", tmp_path / "poster.pdf", tmp_path / "tiles.pdf"
    export_html(journey, page)
    export_poster(journey, poster, "A2")
    export_tiled(journey, tiles, "A2", "A4")
    for path, read in ((page, read_page), (poster, read_pdf_map), (tiles, read_pdf_map)):
        assert map_to_dict(read(path)) == expected, path.name


def test_the_command_line_imports_pages_and_posters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journey = full_map()
    source = tmp_path / "map.cjm"
    save_map(journey, source)
    page, poster = tmp_path / "client.html", tmp_path / "poster.pdf"
    assert run(capsys, "export", source, "--html", page, "--pdf", poster, "--paper", "A3") == (
        0,
        "",
        "",
    )
    for carrier in (page, poster):
        out = tmp_path / f"from-{carrier.suffix[1:]}.cjm"
        before = digest(carrier)
        assert run(capsys, "import", carrier, out)[0] == 0
        assert map_to_dict(open_map(out)) == map_to_dict(journey)
        assert digest(carrier) == before


def test_a_client_safe_page_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journey = full_map()
    source = tmp_path / "map.cjm"
    save_map(journey, source)
    page = tmp_path / "client.html"
    assert run(capsys, "export", source, "--html", page, "--client-safe")[0] == 0
    carried = read_page(page)
    assert map_to_dict(carried) == map_to_dict(client_copy(open_map(source)))
    assert not any(card.owner or card.evidence.quotes for card in carried.cards())
    assert '"clientSafe":true' in page.read_text("utf-8")


# ---------------------------------------------------------------------- tampered pages
def _page_with(tmp_path: Path, retail: JourneyMap, payload: str, name: str = "bad.html") -> Path:
    page = tmp_path / "good.html"
    if not page.exists():
        export_html(retail, page)
    text = page.read_text("utf-8")
    start = text.index(MAP_START) + len(MAP_START)
    end = text.index("</script>", start)
    bad = tmp_path / name
    bad.write_text(text[:start] + payload + text[end:], encoding="utf-8")
    return bad


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ('{"format": "cjm-json", ', "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON: nested too deeply"),
        ('{"format": "cjm-json", "version": 1, "map": {"title": 5}}', "map.title: expected"),
        ('{"format": "cjm-json", "version": 1, "map": {}, "cards": [{"lane": "x"}]}', "cards[0]"),
        ("", "not valid JSON"),
    ],
    ids=["broken", "deeply-nested", "wrong-type", "bad-reference", "empty"],
)
def test_a_tampered_page_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
    retail: JourneyMap,
    tmp_path: Path,
    payload: str,
    problem: str,
) -> None:
    bad = _page_with(tmp_path, retail, payload)
    with pytest.raises(FormatError, match=problem.replace("[", r"\[")):
        read_page(bad)
    out = tmp_path / "new.cjm"
    code, stdout, err = run(capsys, "import", bad, out)
    assert code == 1 and stdout == ""
    assert err.startswith("error: bad.html: ") and problem in err and err.count("\n") == 1
    assert not out.exists()


def test_a_page_with_a_huge_payload_is_refused_before_parsing(
    capsys: pytest.CaptureFixture[str], retail: JourneyMap, tmp_path: Path
) -> None:
    bad = _page_with(tmp_path, retail, " " * (html_read.MAX_CARRIED_BYTES + 10) + "{}")
    code, _, err = run(capsys, "import", bad, tmp_path / "new.cjm")
    assert code == 1 and "the map it carries is too large (over 64 MB)" in err


def test_a_page_too_large_or_not_from_cjm_studio(
    capsys: pytest.CaptureFixture[str],
    retail: JourneyMap,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "other.html"
    other.write_text("<html><script>var x = 1;</script><p>Hello</p></html>", encoding="utf-8")
    assert "holds no CJM Studio map" in run(capsys, "import", other, tmp_path / "a.cjm")[2]
    twice = _page_with(tmp_path, retail, "{}</script>" + MAP_START + "{}", "twice.html")
    assert "more than one map" in run(capsys, "import", twice, tmp_path / "b.cjm")[2]
    unclosed = tmp_path / "unclosed.html"
    unclosed.write_text(MAP_START + "{}", encoding="utf-8")
    assert "not closed" in run(capsys, "import", unclosed, tmp_path / "c.cjm")[2]
    not_json = tmp_path / "not-json.html"
    not_json.write_text('<script id="cjm-map">{}</script>', encoding="utf-8")
    assert "not JSON data" in run(capsys, "import", not_json, tmp_path / "d.cjm")[2]
    monkeypatch.setattr(html_read, "MAX_PAGE_BYTES", 100)
    code, _, err = run(capsys, "import", tmp_path / "good.html", tmp_path / "e.cjm")
    assert code == 1 and "too large for a CJM Studio page" in err
    assert not list(tmp_path.glob("*.cjm"))


# ---------------------------------------------------------------------- tampered PDFs
def _pdf_with(path: Path, data: bytes) -> Path:
    """A one-page PDF made with ReportLab, ``data`` attached as a poster's map."""
    canvas = Canvas(str(path))
    canvas.drawString(72, 72, "A poster")
    canvas.showPage()
    attach_data(canvas, data)
    canvas.save()
    return path


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'{"format": "cjm-json", ', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON: nested too deeply"),
        (b"\xff\xfe{}", "UTF-16"),
        (b'{"format": "cjm-json", "version": 9}', "newer CJM Studio"),
    ],
    ids=["broken", "deeply-nested", "utf-16", "newer"],
)
def test_a_tampered_poster_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, problem: str
) -> None:
    bad = _pdf_with(tmp_path / "bad.pdf", data)
    before = digest(bad)
    code, stdout, err = run(capsys, "import", bad, tmp_path / "new.cjm")
    assert code == 1 and stdout == ""
    assert err.startswith("error: bad.pdf: ") and problem in err and err.count("\n") == 1
    assert digest(bad) == before and not (tmp_path / "new.cjm").exists()


def test_a_poster_with_a_huge_attachment_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """65 MB of JSON (it compresses to almost nothing) and 100 MB (beyond what the PDF
    reader decompresses at all)."""
    for size in (pdf_attach.MAX_CARRIED_BYTES + 1024, 100 * 2**20):
        bad = _pdf_with(tmp_path / "huge.pdf", b"[" + b" " * size + b"]")
        code, _, err = run(capsys, "import", bad, tmp_path / "new.cjm")
        assert code == 1 and "the map it carries is too large (over 64 MB)" in err, err


def test_pdfs_without_a_map_or_not_pdfs(
    capsys: pytest.CaptureFixture[str], retail: JourneyMap, tmp_path: Path
) -> None:
    handout = tmp_path / "handout.pdf"
    export_handout(retail, handout)
    cases = {
        handout: "holds no CJM Studio map",
        _pdf_with(tmp_path / "other.pdf", compact(retail).encode()): "",
        tmp_path / "text.pdf": "not a PDF file",
        tmp_path / "cut.pdf": "not a PDF this version can read",
    }
    (tmp_path / "text.pdf").write_text("hello", encoding="utf-8")
    poster = tmp_path / "poster.pdf"
    export_poster(retail, poster, "A3")
    data = poster.read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[:200])
    for path, problem in cases.items():
        code, _, err = run(capsys, "import", path, tmp_path / f"{path.stem}.cjm")
        if problem:
            assert code == 1 and problem in err and err.count("\n") == 1, (path.name, err)
        else:  # a PDF made elsewhere with our attachment reads like a poster
            assert code == 0, err


def test_the_attachment_is_named_and_compressed(retail: JourneyMap, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    poster = tmp_path / "poster.pdf"
    export_poster(retail, poster, "A3")
    reader = pypdf.PdfReader(str(poster))
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    stream = names[1].get_object()["/EF"]["/F"].get_object()
    assert stream["/Filter"] == ["/FlateDecode"] and stream["/Subtype"] == "/application/json"
    raw = zlib.decompress(stream._data)
    assert raw == compact(retail).encode() and stream["/Params"]["/Size"] == len(raw)
