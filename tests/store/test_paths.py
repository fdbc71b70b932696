"""Saving and opening through links, special files and permissions (issue 18, items 5, 8).

The hostile files are made here: FIFOs, folders and links named like maps, read-only
and private files. Anything that could block runs in a child process with a timeout.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.model.paths import PathProblem, check_readable, destination, open_regular
from app.model.store import StoreError, open_map, save_map
from app.model.store.errors import ReadOnlyError
from app.model.store.workspace import previous_version, save_with_backup
from tests.model.full_map import full_map
from tests.permissions import permission_test

ROOT = Path(__file__).resolve().parents[2]
as_root = os.geteuid() == 0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def opened_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """``open_map(path)`` in a child process, killed if it blocks."""
    code = "import sys\nfrom app.model.store import open_map\nopen_map(sys.argv[1])"
    try:
        return subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"opening {path.name} blocked")


# ---------------------------------------------------------------------- saving
def test_saving_through_a_link_replaces_the_file_it_points_at(tmp_path: Path) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    real = synced / "map.cjm"
    save_map(full_map(), real)
    link = tmp_path / "map.cjm"
    link.symlink_to(real)
    journey = full_map()
    save_with_backup(journey, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert open_map(real).snapshot() == journey.snapshot()
    assert sorted(p.name for p in synced.iterdir()) == ["map.cjm"]  # no temporary left


def test_a_link_to_a_missing_file_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "map.cjm"
    link.symlink_to(tmp_path / "target.cjm")
    save_map(full_map(), link)
    assert link.is_symlink() and (tmp_path / "target.cjm").is_file()


def test_saving_keeps_a_private_files_permissions(tmp_path: Path) -> None:
    path = tmp_path / "private.cjm"
    save_map(full_map(), path)
    path.chmod(0o600)
    save_with_backup(full_map(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    backup = previous_version(path)
    assert backup is not None and stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_saving_keeps_the_owner_where_allowed(tmp_path: Path) -> None:
    if not as_root:
        pytest.skip("only root may give a file to another user")
    path = tmp_path / "theirs.cjm"
    save_map(full_map(), path)
    os.chown(path, 65534, 65534)
    save_map(full_map(), path)
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)


def test_a_read_only_map_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "final.cjm"
    save_map(full_map(), path)
    path.chmod(0o444)
    before = digest(path)
    with pytest.raises(ReadOnlyError, match=r"final\.cjm: the file is read-only"):
        save_with_backup(full_map(), path)
    assert digest(path) == before
    assert previous_version(path) is None  # refused before the backup was touched
    save_with_backup(full_map(), path, replace_read_only=True)  # the user said yes
    assert digest(path) != before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444  # and it stays read-only


@pytest.mark.parametrize("kind", ["fifo", "folder", "socket-like device"])
def test_saving_over_something_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.cjm"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/null")
    with pytest.raises(StoreError) as caught:
        save_map(full_map(), path)
    message = str(caught.value)
    assert message.startswith("x.cjm: could not be saved:") and "\n" not in message
    assert "not a regular file" in message or "is a folder" in message
    assert os.path.lexists(path) and not path.is_file()  # still what it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.cjm"]


@permission_test
def test_read_only_folder_says_no_permission(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "map.cjm"
    save_map(full_map(), path)
    before = digest(path)
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="no permission to write in"):
            save_map(full_map(), path)
        with pytest.raises(StoreError, match="no permission to write in"):
            save_map(full_map(), folder / "new.cjm")
    finally:
        folder.chmod(0o700)
    assert digest(path) == before


@permission_test
def test_a_file_without_write_permission_for_this_user_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    save_map(full_map(), path)
    path.chmod(0o444)
    assert destination(path).read_only
    with pytest.raises(ReadOnlyError):
        save_map(full_map(), path)


# ---------------------------------------------------------------------- opening
@pytest.mark.parametrize("name", ["x.cjm", "link.cjm"])
def test_a_fifo_named_like_a_map_is_refused_without_blocking(tmp_path: Path, name: str) -> None:
    fifo = tmp_path / "x.cjm"
    os.mkfifo(fifo)
    if name == "link.cjm":
        (tmp_path / name).symlink_to(fifo)
    result = opened_in_child(tmp_path / name)
    assert result.returncode != 0
    assert f"{name}: not a regular file (it is a FIFO" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_folder_or_a_device_named_like_a_map_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder.cjm").mkdir()
    with pytest.raises(StoreError, match=r"^folder\.cjm: is a folder, not a file$"):
        open_map(tmp_path / "folder.cjm")
    (tmp_path / "device.cjm").symlink_to("/dev/zero")
    with pytest.raises(StoreError, match=r"^device\.cjm: not a regular file \(it is a char"):
        open_map(tmp_path / "device.cjm")


def test_a_map_opens_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.cjm"
    journey = full_map()
    save_map(journey, real)
    (tmp_path / "link.cjm").symlink_to(real)
    assert open_map(tmp_path / "link.cjm").snapshot() == journey.snapshot()


def test_a_loop_of_links_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.cjm").symlink_to(tmp_path / "b.cjm")
    (tmp_path / "b.cjm").symlink_to(tmp_path / "a.cjm")
    with pytest.raises(StoreError, match="link that leads back to itself"):
        open_map(tmp_path / "a.cjm")


def test_open_regular_refuses_a_fifo_and_check_readable_never_opens(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(PathProblem, match="FIFO"):
        check_readable(fifo)
    with pytest.raises(PathProblem, match="FIFO"):
        open_regular(fifo)


@permission_test
def test_an_unreadable_map_says_no_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.cjm"
    save_map(full_map(), path)
    path.chmod(0o000)
    try:
        with pytest.raises(StoreError, match=r"^secret\.cjm: no permission to read it$"):
            open_map(path)
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(("encoding", "name"), [(2, "UTF-16le"), (3, "UTF-16be")])
def test_a_header_claiming_utf16_is_refused_without_garbled_text(
    tmp_path: Path, encoding: int, name: str
) -> None:
    path = tmp_path / "u16.cjm"
    save_map(full_map(), path)
    with path.open("r+b") as handle:
        handle.seek(56)
        handle.write(encoding.to_bytes(4, "big"))
    before = digest(path)
    with pytest.raises(StoreError) as caught:
        open_map(path)
    assert str(caught.value) == (
        f"u16.cjm: damaged (the header gives its text encoding as {name}; "
        "CJM Studio maps are UTF-8)"
    )
    assert digest(path) == before
