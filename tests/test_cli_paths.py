"""`cjm` with hostile paths and inputs (issue 18, items 5, 6, 8, 12, 13): what the user sees.

Every case is built here (FIFOs, links, devices, read-only and private files, damaged
workbooks, sparse or generated big inputs); each asserts one ``error:`` line (or the
output), the input byte-identical, and no hang: the command runs in a child process
with a timeout.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import resource
import signal
import stat
import struct
import subprocess
import sys
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from app.model.entities import Lane, MapInfo, Stage, Step
from app.model.journey import JourneyMap
from app.model.store import save_map
from app.model.vocab import LaneKind
from tests.model.full_map import full_map

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds: far above any case here; only a hang reaches it


def cjm(
    *args: object, stdin: int | None = subprocess.DEVNULL, **options: object
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *map(str, args)],
            capture_output=True, stdin=stdin, timeout=TIMEOUT, cwd=ROOT, **options,  # type: ignore[call-overload]
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"cjm {' '.join(map(str, args))} did not finish")


def error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The one ``error:`` line a failed command printed (and nothing else)."""
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err.strip()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    return path


@pytest.fixture
def workbook(tmp_path: Path, saved: Path) -> Path:
    path = tmp_path / "map.xlsx"
    assert cjm("export", saved, "--xlsx", path).returncode == 0
    return path


# ---------------------------------------------------------------------- 8: not regular
def special(tmp_path: Path, kind: str, name: str) -> Path:
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:  # a link to a FIFO
        os.mkfifo(tmp_path / f"real-{name}")
        path.symlink_to(tmp_path / f"real-{name}")
    return path


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "link to fifo"])
@pytest.mark.parametrize(
    "command",
    [("check", "x.cjm"), ("info", "x.cjm"), ("export", "x.cjm", "--json", "out.json"),
     ("import", "x.json", "out.cjm"), ("import", "x.xlsx", "out.cjm")],
)  # fmt: skip
def test_special_files_named_like_maps_are_refused_at_once(
    tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    source = special(tmp_path, kind, command[1])
    args = [str(tmp_path / part) if "." in part and not part.startswith("-") else part
            for part in command]  # fmt: skip
    line = error_line(cjm(*args))
    expected = "is a folder, not a file" if kind == "folder" else "not a regular file (it is a"
    assert line.startswith(f"error: {source.name}: {expected}")
    assert not (tmp_path / "out.cjm").exists() and not (tmp_path / "out.json").exists()


# ---------------------------------------------------------------------- 5: saving
def test_import_through_a_link_saves_the_file_it_points_at(tmp_path: Path, saved: Path) -> None:
    (tmp_path / "in.json").write_bytes(b"")
    assert cjm("export", saved, "--json", tmp_path / "in.json", "--overwrite").returncode == 0
    real = tmp_path / "synced" / "map.cjm"
    real.parent.mkdir()
    save_map(full_map(), real)
    real.chmod(0o600)
    link = tmp_path / "link.cjm"
    link.symlink_to(real)
    result = cjm("import", tmp_path / "in.json", link, "--overwrite")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o600
    assert cjm("check", real).stdout == b"ok\n"


def test_a_read_only_map_is_refused_with_a_clear_line(tmp_path: Path, saved: Path) -> None:
    source = tmp_path / "in.json"
    assert cjm("export", saved, "--json", source).returncode == 0
    target = tmp_path / "final.cjm"
    save_map(full_map(), target)
    target.chmod(0o444)
    before = digest(target)
    line = error_line(cjm("import", source, target, "--overwrite"))
    assert line == "error: final.cjm: the file is read-only; it was not changed"
    assert digest(target) == before


# ---------------------------------------------------------------------- 6: exports
def test_export_through_a_link_keeps_the_link_and_the_permissions(
    tmp_path: Path, saved: Path
) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", "utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert cjm("export", saved, "--json", link, "--overwrite").returncode == 0
    assert link.is_symlink() and json.loads(real.read_text("utf-8"))["format"] == "cjm-json"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_export_into_a_device_writes_into_it_and_keeps_it(tmp_path: Path, saved: Path) -> None:
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    before = os.stat("/dev/null")
    result = cjm("export", saved, "--json", link, "--pdf", tmp_path / "null.pdf")
    assert result.returncode == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.cjm", "null.json", "null.pdf"]


@pytest.mark.parametrize(("flag", "magic"), [("--json", b"{"), ("--pdf", b"%PDF"),
                                             ("--xlsx", b"PK")])  # fmt: skip
def test_dash_is_standard_output(saved: Path, flag: str, magic: bytes) -> None:
    result = cjm("export", saved, flag, "-")
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout.startswith(magic)


def test_only_one_export_goes_to_standard_output(saved: Path) -> None:
    line = error_line(cjm("export", saved, "--json", "-", "--xlsx", "-"))
    assert line == "error: only one export can go to standard output (-)"


def test_export_into_a_fifo_with_a_reader(tmp_path: Path, saved: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = cjm("export", saved, "--json", fifo)
    reader.join(TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert json.loads(received[0])["format"] == "cjm-json"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_into_a_fifo_nobody_reads_is_refused_at_once(tmp_path: Path, saved: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    line = error_line(cjm("export", saved, "--json", fifo))
    assert line == "error: out.json: is a FIFO that nobody is reading from"


def test_export_over_a_read_only_file_is_refused(tmp_path: Path, saved: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("keep me", "utf-8")
    out.chmod(0o444)
    line = error_line(cjm("export", saved, "--json", out, "--overwrite"))
    assert line == "error: out.json: is read-only; it was not replaced"
    assert out.read_text("utf-8") == "keep me"


# ---------------------------------------------------------------------- 12: tracebacks
def test_xlsx_onto_a_full_disk_is_one_line(saved: Path) -> None:
    line = error_line(cjm("export", saved, "--xlsx", "/dev/full"))
    assert line == "error: full: cannot be written (the disk is full; nothing was replaced)"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def _small_file_limit() -> None:
    # A file-size limit fails writes part-way, as a disk filling up does (EFBIG, not ENOSPC).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4_096, 4_096))


@pytest.mark.parametrize("flag", ["--xlsx", "--pdf", "--json"])
def test_a_write_failing_part_way_is_one_line_and_leaves_nothing(
    tmp_path: Path, saved: Path, flag: str
) -> None:
    out = tmp_path / "out"
    result = cjm("export", saved, flag, out, preexec_fn=_small_file_limit)
    assert error_line(result).startswith("error: out: cannot be written (")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.cjm"]


def test_a_save_failing_part_way_keeps_the_old_map(tmp_path: Path, saved: Path) -> None:
    before = digest(saved)
    result = cjm("new", saved, "--template", "retail-checkout", "--overwrite",
                 preexec_fn=_small_file_limit)  # fmt: skip
    assert "the previous file is unchanged" in error_line(result)
    assert digest(saved) == before


def test_xlsx_export_of_a_map_wider_than_excel_says_so(tmp_path: Path) -> None:
    stage = Stage("All")
    steps = [Step(f"s{i}", stage.id) for i in range(16_384)]
    wide = JourneyMap.build(MapInfo("Wide"), (), [stage], steps, [Lane("L", LaneKind.ACTIONS)],
                            [], [])  # fmt: skip
    path = tmp_path / "wide.cjm"
    save_map(wide, path)
    line = error_line(cjm("export", path, "--xlsx", tmp_path / "wide.xlsx"))
    assert "the map has 16,384 steps" in line and "Excel's limit is 16,384 columns" in line
    assert not (tmp_path / "wide.xlsx").exists()


@pytest.mark.parametrize("where", ["title", "stage name", "key"])
def test_a_lone_surrogate_in_json_is_one_line(tmp_path: Path, saved: Path, where: str) -> None:
    source = tmp_path / "in.json"
    assert cjm("export", saved, "--json", source).returncode == 0
    data = json.loads(source.read_text("utf-8"))
    if where == "title":
        data["map"]["title"] += "\ud800"
    elif where == "stage name":
        data["stages"][0]["name"] += "\ud800"
    else:
        data["map"]["\ud800"] = 1
    source.write_text(json.dumps(data), "ascii")  # \ud800 escaped, as another tool writes it
    before = digest(source)
    error_line(cjm("import", source, tmp_path / "out.cjm"))
    assert digest(source) == before and not (tmp_path / "out.cjm").exists()


def _rewrite_central_entry(data: bytes, member: str, offset: int, value: int) -> bytes:
    """``data`` with a 4-byte field of ``member``'s central directory entry replaced."""
    out = bytearray(data)
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) >= 0:
        length = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + length] == member.encode():
            struct.pack_into("<I", out, at + offset, value)
            return bytes(out)
        at += 4
    raise KeyError(member)


@pytest.mark.parametrize(("lie", "member"), [
    ("crc", "xl/workbook.xml"), ("crc", "xl/worksheets/sheet2.xml"),
    ("size", "xl/workbook.xml"), ("data", "xl/worksheets/sheet2.xml"),
])  # fmt: skip
def test_a_workbook_whose_zip_headers_lie_is_one_line(
    tmp_path: Path, workbook: Path, lie: str, member: str
) -> None:
    data = workbook.read_bytes()
    info = zipfile.ZipFile(workbook).getinfo(member)
    if lie == "crc":
        data = _rewrite_central_entry(data, member, 16, info.CRC ^ 1)
    elif lie == "size":
        data = _rewrite_central_entry(data, member, 24, max(1, info.file_size // 2))
    else:  # scribbled compressed bytes
        start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 50
        data = data[:start] + bytes(b ^ 0xFF for b in data[start : start + 8]) + data[start + 8 :]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(data)
    line = error_line(cjm("import", bad, tmp_path / "out.cjm"))
    assert line.startswith("error: bad.xlsx: ") and "the workbook is damaged" in line
    assert bad.read_bytes() == data


@pytest.mark.parametrize("args", [("info",), ("info", "--json"), ("export", "--json", "-")])
def test_a_reader_that_stops_early_is_not_an_error(saved: Path, args: tuple[str, ...]) -> None:
    command, *rest = args
    shell = f"{sys.executable} -m app.cli {command} {saved} {' '.join(rest)} | head -c 1"
    try:
        result = subprocess.run(["sh", "-c", shell], capture_output=True, timeout=TIMEOUT,
                                cwd=ROOT)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("cjm did not stop when its reader did")
    assert result.stderr == b"" and len(result.stdout) == 1


# ---------------------------------------------------------------------- 13: messages
def test_a_fifo_named_json_is_not_called_missing(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.json")
    line = error_line(cjm("import", tmp_path / "x.json", tmp_path / "out.cjm"))
    assert line == "error: x.json: not a regular file (it is a FIFO, a named pipe)"


@pytest.mark.parametrize("number", ["9" * 5000, "9" * 4000, "9" * 5000 + ".5"])
def test_a_huge_number_is_not_echoed(tmp_path: Path, saved: Path, number: str) -> None:
    source = tmp_path / "in.json"
    assert cjm("export", saved, "--json", source).returncode == 0
    text = re.sub(r'"width": [0-9.]+', f'"width": {number}', source.read_text("utf-8"), count=1)
    source.write_text(text, "utf-8")
    line = error_line(cjm("import", source, tmp_path / "out.cjm"))
    assert len(line) < 200 and "9999999999" not in line


def test_utf16_json_says_so(tmp_path: Path, saved: Path) -> None:
    source = tmp_path / "in.json"
    assert cjm("export", saved, "--json", source).returncode == 0
    source.write_bytes(source.read_text("utf-8").encode("utf-16"))
    line = error_line(cjm("import", source, tmp_path / "out.cjm"))
    assert line == "error: in.json: UTF-16 text; save it as UTF-8 and import that"


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path, saved: Path) -> None:
    source = tmp_path / "in.json"
    assert cjm("export", saved, "--json", source).returncode == 0
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    assert cjm("import", source, tmp_path / "out.cjm").returncode == 0


def _replace_in_member(workbook: Path, out: Path, member: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) \
            as target:  # fmt: skip
        for name in source.namelist():
            data = source.read(name)
            if name == member:
                assert old in data
                data = data.replace(old, new, 1)
            target.writestr(name, data)


@pytest.mark.parametrize("stored", [b"NaN", b"nan", b"twelve"])
def test_nan_in_a_number_cell_names_the_cell(
    tmp_path: Path, workbook: Path, stored: bytes
) -> None:
    xml = zipfile.ZipFile(workbook).read("xl/worksheets/sheet7.xml")  # the Steps sheet
    match = re.search(rb'<c r="(E\d+)"[^>]*t="n"><v>(\d+)</v></c>', xml)
    assert match is not None
    bad = tmp_path / "nan.xlsx"
    cell = match.group(0)
    _replace_in_member(workbook, bad, "xl/worksheets/sheet7.xml", cell,
                       cell.replace(b"<v>" + match.group(2), b"<v>" + stored))  # fmt: skip
    line = error_line(cjm("import", bad, tmp_path / "out.cjm"))
    ref = match.group(1).decode()
    assert line == (f"error: nan.xlsx: Steps!{ref}: a number cell holds "
                    f"{stored.decode()!r}, which is not a number")  # fmt: skip


def test_a_stray_cell_at_the_last_row_is_not_too_many_rows(tmp_path: Path, workbook: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book["Lanes"]["Z1048576"] = "stray"  # beyond the columns import reads
    stray = tmp_path / "stray.xlsx"
    book.save(stray)
    result = cjm("import", stray, tmp_path / "out.cjm")
    assert result.returncode == 0, result.stderr


def test_a_broken_persona_photo_is_left_out_of_the_handout(tmp_path: Path, saved: Path) -> None:
    source = tmp_path / "in.json"
    assert cjm("export", saved, "--json", source).returncode == 0
    data = json.loads(source.read_text("utf-8"))

    def chunk(kind: bytes, body: bytes) -> bytes:
        check = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + check

    header = struct.pack(">IIBBBBB", 10, 10, 8, 2, 0, 0, 0)  # 10x10 RGB, but too little data
    truncated = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                 + chunk(b"IDAT", zlib.compress(b"\x01" * 5)) + chunk(b"IEND", b""))  # fmt: skip
    data["personas"][0]["photo"] = base64.b64encode(truncated).decode()
    source.write_text(json.dumps(data), "utf-8")
    assert cjm("import", source, tmp_path / "photo.cjm").returncode == 0
    result = cjm("export", tmp_path / "photo.cjm", "--pdf", tmp_path / "h.pdf", "--handout")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF")
