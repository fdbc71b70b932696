"""Never lose work: working copies, crash recovery, one backup per file, and open-once locks.

Everything lives in the user's data folder (platformdirs):
- ``working/KEY.cjm`` (+ ``KEY.json``, ``KEY.lock``): the map as it was a second ago,
  written while the user edits; deleted when the map is saved or closed cleanly, or when
  the user discards it. Its record (``KEY.json``) says which file it belongs to and what
  it was based on: the sha256 of the saved file the edits started from. Recovery is
  decided by content, never by clock: every working copy whose window is gone (its
  ``KEY.lock`` is free) is offered, and the offer says when the saved file is no longer
  the one the edits started from. Each copy has a key of its own, so a window never
  writes over a copy left by a crash. Edits a window drops to reload its file from disk
  are kept the same way ("set aside").
- ``recovered/NAME (unsaved changes DATE).cjm``: unsaved work the user chose not to
  restore now ("Open saved version"), kept as a plain map to open later.
- ``backups/KEY/STAMP.cjm``: earlier versions of each saved file, one kept on every save
  (the file as it was before the save), named by when they were kept (UTC), the newest
  ``KEEP_BACKUPS`` per file; ``STAMP--before-restore.cjm`` is the map as it was when the
  user restored an older version, so the restore can itself be taken back.
- ``locks/KEY.lock``: held while a map is open (and while ``cjm`` writes one), so a
  second window, app instance or command writing the same file is told and refused;
  ``locks/KEY.holder.json`` beside it says who holds it (program, user, host, process).
KEY is derived from the file's absolute path (a working copy's adds a random part).
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import re
import shutil
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from platformdirs import user_data_dir

from app import APP_NAME
from app.model.document import MapDocument
from app.model.journey import JourneyMap
from app.model.paths import PathProblem, open_regular
from app.model.store.writer import check_destination, save_document


def data_folder(create: bool = True) -> Path:
    """The app's folder for working copies, backups and locks (created unless ``create``
    is False); raises OSError if it cannot be created."""
    folder = Path(user_data_dir(APP_NAME, appauthor=False))
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_digest(path: Path) -> str | None:
    """The sha256 of the file's bytes; None if it cannot be read (gone, moving, no access)."""
    digest = hashlib.sha256()
    try:
        with open_regular(path) as handle:  # a FIFO in its place must not block
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except (OSError, PathProblem):
        return None
    return digest.hexdigest()


def document_key(path: Path | None) -> str:
    """A stable file-name-safe key for a map file; a fresh one for an unsaved map."""
    if path is None:
        return f"untitled-{uuid.uuid4().hex[:12]}"
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:24]


# ---------------------------------------------------------------------- working copies
@dataclass(frozen=True)
class Recoverable:
    """A working copy left behind by a session that did not end cleanly."""

    working_copy: Path
    original: Path | None  # None: the map was never saved
    title: str
    edited: datetime  # shown to the user and sorts the offers; never decides anything
    aside: bool = False  # set aside by a window that reloaded its file, not left by a crash
    #: The saved file is no longer the one the edits started from (someone saved over it,
    #: a sync client replaced it); False when it is, or when that cannot be known.
    file_changed: bool = False
    #: The sha256 of the saved file the edits started from (None: never saved, or unknown).
    base: str | None = None


class WorkingCopy:
    """The crash-safety copy of one open map, rewritten shortly after each edit.

    Nothing touches the disk before the first ``write`` (which raises OSError when the
    data folder cannot be created or written)."""

    def __init__(
        self, original: Path | None, *, aside: bool = False, base: str | None = None
    ) -> None:
        self.original = original
        #: Set aside: unsaved edits the window let go of (it reloaded the file from disk).
        #: Such a copy is not held by any window: it is offered at the next start.
        self.aside = aside
        #: The sha256 of the saved file the edits started from (None: never saved).
        self.base = base
        # A key of its own, never the file's alone: a window must not write over a copy
        # a crashed session left for the same file before the user has answered for it.
        prefix = "aside" if aside else document_key(original) if original else "untitled"
        self.key = f"{prefix}-{uuid.uuid4().hex[:12]}"
        folder = data_folder(create=False) / "working"
        self.path = folder / f"{self.key}.cjm"
        self._meta = folder / f"{self.key}.json"
        # Held from the first write until discarded: a copy whose lock is free belongs to
        # no running window, so it is a crash's (or a set-aside) leftover.
        self._lock = None if aside else FileLock(str(folder / f"{self.key}.lock"))

    def write(self, content: JourneyMap | MapDocument) -> None:
        """Write the whole document (safely: temp file, check, rename) and its record."""
        document = as_document(content)
        journey = document.current
        (data_folder() / "working").mkdir(exist_ok=True)
        if self._lock is not None and not self._lock.is_locked:
            self._lock.acquire(timeout=0)  # a fresh key: nobody else holds it
        save_document(document, self.path)
        meta = {
            "original": str(self.original.resolve()) if self.original else None,
            "title": journey.info.title,
            "edited": datetime.now(UTC).isoformat(),
            "aside": self.aside,
            "base": self.base,
            "unsaved": True,  # a copy is deleted, never kept, once the map is saved
        }
        temp = self._meta.with_suffix(".json.part")
        temp.write_text(json.dumps(meta), "utf-8")
        os.replace(temp, self._meta)

    def discard(self) -> None:
        """Forget the working copy (after a save, a clean close, or back at the saved state)."""
        for path in (self.path, self._meta):
            with contextlib.suppress(OSError):
                path.unlink()
        if self._lock is not None and self._lock.is_locked:
            self._lock.release()
            with contextlib.suppress(OSError):
                Path(self._lock.lock_file).unlink()


def find_recoverable() -> list[Recoverable]:
    """Every working copy that holds unsaved changes, newest first: left by a crash, of
    maps never saved, set aside, and those of running windows (``in_use`` tells them
    apart). Never decided by the files' times: only the record and the content count."""
    try:
        folder = data_folder(create=False) / "working"
        records = list(folder.glob("*.json")) if folder.is_dir() else []
    except OSError:  # no data folder (or no access to it): nothing was kept there
        return []
    found = []
    for meta_path in records:
        working = meta_path.with_suffix(".cjm")
        meta = _read_meta(meta_path)
        if meta is None or not working.is_file() or meta.get("unsaved") is False:
            continue
        original = Path(meta["original"]) if meta.get("original") else None
        base = meta.get("base") if isinstance(meta.get("base"), str) else None
        changed = False
        if original is not None and base is not None:
            now = file_digest(original)  # None: gone or unreadable, which the offer says
            changed = now is not None and now != base
        found.append(
            Recoverable(
                working,
                original,
                str(meta.get("title", "")),
                datetime.fromisoformat(meta["edited"]),
                bool(meta.get("aside")),
                changed,
                base,
            )
        )
    return sorted(found, key=lambda item: item.edited, reverse=True)


def in_use(item: Recoverable) -> bool:
    """True while a running window (of this or another app instance) keeps ``item``."""
    lock = FileLock(str(item.working_copy.with_suffix(".lock")))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:  # the lock cannot even be tried: better to offer it than to hide it
        return False
    lock.release()
    return False


def discard_recoverable(item: Recoverable) -> None:
    """Delete an offered working copy: only when the user said Discard (or it was restored
    and written again under the window's own copy)."""
    for suffix in (".cjm", ".json", ".lock"):
        with contextlib.suppress(OSError):
            item.working_copy.with_suffix(suffix).unlink()


def keep_recovered(item: Recoverable) -> Path:
    """Move an offered working copy out of the offers into a plain map file in
    ``recovered/``, for the user to open later; its new path. Raises OSError (the copy
    then stays where it was, and is offered again)."""
    folder = data_folder() / "recovered"
    folder.mkdir(exist_ok=True)
    name = item.original.stem if item.original is not None else item.title
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", name).strip(" .")[:80] or "Untitled"
    when = item.edited.astimezone().strftime("%Y-%m-%d %H-%M")
    target = folder / f"{name} (unsaved changes {when}).cjm"
    number = 2
    while target.exists():  # never over an earlier recovered file
        target = folder / f"{name} (unsaved changes {when}) {number}.cjm"
        number += 1
    os.replace(item.working_copy, target)
    discard_recoverable(item)
    return target


def _read_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads(path.read_text("utf-8"))
        datetime.fromisoformat(meta["edited"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return meta if isinstance(meta, dict) else None


# ---------------------------------------------------------------------- backups
#: How many earlier versions of each file are kept (the oldest are deleted first).
KEEP_BACKUPS = 10
#: The note of a backup kept when the user restored an older version over the map.
BEFORE_RESTORE = "before-restore"
_STAMP = "%Y%m%dT%H%M%S%fZ"
#: STAMP, an optional ``--note`` and an optional ``-N`` told apart from a same-time twin.
_BACKUP_NAME = re.compile(r"(\d{8}T\d{12}Z)(?:--([a-z]+(?:-[a-z]+)*))?(?:-\d+)?")


@dataclass(frozen=True)
class Backup:
    """One kept earlier version of a map file."""

    path: Path
    kept: datetime  # when it was kept (the save that replaced it, or the restore)
    note: str = ""  # BEFORE_RESTORE, or "" for a version replaced by a save


def backup_folder(path: Path) -> Path:
    """The folder of ``path``'s backups (not created)."""
    return data_folder(create=False) / "backups" / document_key(path)


def backup_path(path: Path, note: str = "") -> Path:
    """A new backup file name for ``path``, stamped now (its folder is created)."""
    folder = backup_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(_STAMP)
    suffix = f"--{note}" if note else ""
    target = folder / f"{stamp}{suffix}.cjm"
    number = 2
    while target.exists():  # two saves in the same microsecond
        target = folder / f"{stamp}{suffix}-{number}.cjm"
        number += 1
    return target


def backups_of(path: Path) -> list[Backup]:
    """The kept versions of ``path``, newest first (none when the folder cannot be read)."""
    found = []
    try:
        files = list(backup_folder(path).glob("*.cjm"))
        legacy = data_folder(create=False) / "backups" / f"{document_key(path)}.cjm"
        if legacy.is_file():  # the single backup older versions of the app kept
            kept = datetime.fromtimestamp(legacy.stat().st_mtime, UTC)
            found.append(Backup(legacy, kept))
    except OSError:
        return []
    for file in files:
        named = _BACKUP_NAME.fullmatch(file.stem)
        if named is None:
            continue  # not one of ours
        kept = datetime.strptime(named[1], _STAMP).replace(tzinfo=UTC)
        found.append(Backup(file, kept, named[2] or ""))
    return sorted(found, key=lambda backup: (backup.kept, backup.path.name), reverse=True)


def prune_backups(path: Path, keep: int = KEEP_BACKUPS) -> None:
    """Delete all but the newest ``keep`` backups of ``path``."""
    for backup in backups_of(path)[keep:]:
        with contextlib.suppress(OSError):
            backup.path.unlink()


def keep_backup(content: JourneyMap | MapDocument, path: Path, note: str = "") -> Path:
    """Keep ``content`` (as it is in memory) as a backup of ``path``; its backup file.
    Raises OSError or StoreError when it cannot be written."""
    target = backup_path(path, note)
    save_document(as_document(content), target)
    with contextlib.suppress(OSError):
        os.chmod(target, 0o600)  # the backup of a private map stays private
    prune_backups(path)
    return target


def as_document(content: JourneyMap | MapDocument) -> MapDocument:
    """``content`` as a document: a bare map becomes a new document holding just it."""
    return content if isinstance(content, MapDocument) else MapDocument(content)


def save_with_backup(
    content: JourneyMap | MapDocument, path: Path, *, replace_read_only: bool = False
) -> None:
    """Keep the current file as a backup (the newest ``KEEP_BACKUPS``), then save the whole
    document safely over it.

    A read-only file raises ReadOnlyError (before the backup is touched) unless
    ``replace_read_only``; through a link, the file it points at is saved.
    """
    path = Path(path)
    check_destination(path, replace_read_only=replace_read_only)
    if path.is_file():
        temp: Path | None = None
        try:
            backup = backup_path(path)
            temp = backup.with_suffix(".cjm.part")
            shutil.copyfile(path, temp)
            os.chmod(temp, 0o600)  # the backup of a private map stays private
            os.replace(temp, backup)
            prune_backups(path)
        except OSError:
            if temp is not None:  # a failed backup must not stop the save itself
                with contextlib.suppress(OSError):
                    temp.unlink()
    save_document(as_document(content), path, replace_read_only=replace_read_only)


def previous_version(path: Path) -> Path | None:
    """The newest backup of ``path``, if any."""
    backups = backups_of(path)
    return backups[0].path if backups else None


# ---------------------------------------------------------------------- locks
#: The program name the desktop app records as a lock's holder.
APP_PROGRAM = APP_NAME


@dataclass(frozen=True)
class LockHolder:
    """Who holds a document lock: read from the small JSON file beside the lock file."""

    program: str
    user: str
    host: str
    pid: int
    since: datetime

    def describe(self) -> str:
        """``open in CJM Studio (by alice on laptop-3, process 1234, since 10:42)``; a
        command reads ``in use by cjm (...)``."""
        local = self.since.astimezone()
        when = local.strftime("%H:%M")
        if local.date() != datetime.now().astimezone().date():
            when = local.strftime("%Y-%m-%d %H:%M")
        where = (
            f"open in {self.program}"
            if self.program == APP_PROGRAM
            else f"in use by {self.program}"
        )
        return f"{where} (by {self.user} on {self.host}, process {self.pid}, since {when})"


#: What is said of a lock whose holder left no (readable) record.
UNKNOWN_HOLDER = "open in another window or program"


class DocumentLock:
    """Held while a map file is open for editing, across windows and app instances.

    Whoever acquires it records who they are (``program``, user, host, process, time) in
    ``locks/KEY.holder.json`` so that someone refused can be told who to ask.
    """

    def __init__(self, path: Path, program: str = APP_PROGRAM) -> None:
        folder = data_folder(create=False) / "locks"  # created by ``acquire``
        key = document_key(Path(path))
        self.program = program
        self._lock = FileLock(str(folder / f"{key}.lock"))
        self._holder_path = folder / f"{key}.holder.json"

    @property
    def is_held(self) -> bool:
        """True while this object holds the lock."""
        return bool(self._lock.is_locked)

    def acquire(self) -> bool:
        """True if this window may edit the file; False if it is open elsewhere. Raises
        OSError if the lock cannot be made (the data folder cannot be created)."""
        (data_folder() / "locks").mkdir(exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        self._record_holder()
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            # The record goes first: once the lock is free, the next holder writes its own.
            with contextlib.suppress(OSError):
                self._holder_path.unlink()
            self._lock.release()

    def holder(self) -> LockHolder | None:
        """Who holds the lock, as they recorded it; None if there is no readable record."""
        try:
            data = json.loads(self._holder_path.read_text("utf-8"))
            return LockHolder(
                program=_text(data["program"]),
                user=_text(data["user"]),
                host=_text(data["host"]),
                pid=int(data["pid"]),
                since=datetime.fromisoformat(_text(data["since"])),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def describe_holder(self) -> str:
        """``open in CJM Studio (by ...)``, or ``open in another window or program``."""
        holder = self.holder()
        return holder.describe() if holder is not None else UNKNOWN_HOLDER

    def _record_holder(self) -> None:
        record = {
            "program": self.program,
            "user": _user_name(),
            "host": socket.gethostname() or "this computer",
            "pid": os.getpid(),
            "since": datetime.now(UTC).isoformat(),
        }
        temp = self._holder_path.with_name(f"{self._holder_path.name}.{os.getpid()}.part")
        try:  # atomically: a reader sees the old record, the new one, or none
            temp.write_text(json.dumps(record), "utf-8")
            os.replace(temp, self._holder_path)
        except OSError:  # the record only helps a message; the lock is what matters
            with contextlib.suppress(OSError):
                temp.unlink()


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("not a text")
    return value


def _user_name() -> str:
    try:
        return getpass.getuser() or "someone"
    except (OSError, KeyError, ImportError):  # no login name (some containers, services)
        return "someone"
