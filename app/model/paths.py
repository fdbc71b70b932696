"""What a file name points at, checked before anything is opened or written.

Every reader and writer of maps and exports goes through here, so they agree:

- Reading takes regular files only (links to them are fine). A FIFO, device, socket
  or folder named like a map is refused from ``os.stat`` alone: opening a FIFO would
  block until someone writes into it.
- Writing goes through links to the file they point at (a map kept in a synced
  folder and linked from elsewhere stays where it is), keeps the replaced file's
  permissions and, where allowed, its owner, and tells a read-only file apart so the
  caller can ask before replacing it. Something that is not a regular file is never
  renamed over: a FIFO or a character device (``/dev/stdout``, ``/dev/null``) is
  written into as a stream, anything else is refused.
- ``-`` is standard output, for the writers that offer it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: The file name that means standard output.
STDOUT = "-"


class PathProblem(Exception):
    """A file cannot be used as asked; ``str()`` is the problem, without the file name."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in the user's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO, a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a disk device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def not_regular(mode: int) -> str:
    """The message for something that is not a regular file."""
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return f"not a regular file (it is {kind_of(mode)})"


def _stat_problem(error: OSError) -> PathProblem:
    if error.errno == errno.ENOENT:
        return PathProblem("no such file")
    if error.errno == errno.ELOOP:
        return PathProblem("is a link that leads back to itself")
    if error.errno == errno.ENOTDIR:
        return PathProblem("no such file (a part of the path is not a folder)")
    if error.errno in (errno.EACCES, errno.EPERM):
        return PathProblem("no permission to read it")
    return PathProblem(f"cannot be read ({error.strerror or error})")


def check_readable(path: str | Path) -> os.stat_result:
    """The status of the regular file ``path`` leads to; PathProblem otherwise.

    Only ``os.stat``: nothing is opened, so a FIFO cannot block the caller.
    """
    try:
        status = os.stat(path)
    except OSError as error:
        raise _stat_problem(error) from None
    except ValueError:  # a NUL byte in the name
        raise PathProblem("no such file") from None
    if not stat.S_ISREG(status.st_mode):
        raise PathProblem(not_regular(status.st_mode))
    return status


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened for reading, refused unless it is a regular file.

    Checked before opening, and again on the open file (it may have been swapped
    meanwhile); opened non-blocking so that a FIFO slipped in cannot hang us.
    """
    check_readable(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise _stat_problem(error) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PathProblem(not_regular(status.st_mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def read_bytes(path: str | Path) -> bytes:
    """The whole content of the regular file ``path``."""
    with open_regular(path) as handle:
        return handle.read()


# ---------------------------------------------------------------------- writing
@dataclass(frozen=True)
class Destination:
    """Where a write to ``path`` lands."""

    #: The name as given.
    path: Path
    #: The file the bytes end up in: links followed. For a stream, the name as given.
    target: Path
    #: The target as it is now; None for a new file.
    existing: os.stat_result | None
    #: Standard output, a FIFO or a character device: written into, never replaced.
    stream: bool = False

    @property
    def folder(self) -> Path:
        """The folder the target lives in (where a temporary file goes)."""
        return self.target.parent if str(self.target.parent) else Path(".")

    @property
    def read_only(self) -> bool:
        """An existing regular file that is not to be written: no write permission for
        this user, or none for anyone (``chmod a-w``, which even root respects here)."""
        if self.existing is None or self.stream:
            return False
        if not self.existing.st_mode & 0o222:
            return True
        return not os.access(self.target, os.W_OK)


def destination(path: str | Path) -> Destination:
    """Where writing ``path`` lands; PathProblem for a folder, a disk device or a socket."""
    if str(path) == STDOUT:
        return Destination(Path(STDOUT), Path(STDOUT), None, stream=True)
    given = Path(path)
    try:
        status = os.stat(given)
    except FileNotFoundError:
        # New, or a link to a file that does not exist yet: create what the link names.
        return Destination(given, Path(os.path.realpath(given)), None)
    except OSError as error:
        if error.errno == errno.ENOTDIR:
            raise PathProblem("a part of the path is not a folder") from None
        if error.errno == errno.ELOOP:
            raise PathProblem("is a link that leads back to itself") from None
        if error.errno in (errno.EACCES, errno.EPERM):
            raise PathProblem("no permission to reach it") from None
        raise PathProblem(f"cannot be written ({error.strerror or error})") from None
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return Destination(given, Path(os.path.realpath(given)), status)
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return Destination(given, given, status, stream=True)
    raise PathProblem(not_regular(mode))


def keep_attributes(temp: Path, existing: os.stat_result | None) -> None:
    """Give ``temp`` the owner (where allowed) and permissions of the file it replaces."""
    if existing is None:
        return
    if hasattr(os, "chown"):
        status = os.stat(temp)
        if (status.st_uid, status.st_gid) != (existing.st_uid, existing.st_gid):
            try:
                os.chown(temp, existing.st_uid, existing.st_gid)
            except OSError:  # only root may give a file away; keep at least the group
                with contextlib.suppress(OSError):
                    os.chown(temp, -1, existing.st_gid)
    os.chmod(temp, stat.S_IMODE(existing.st_mode))


def create_private(temp: Path, existing: os.stat_result | None) -> None:
    """Create ``temp`` empty and readable by its owner only, when it will replace an
    existing file: a private map's content is never readable by others, even while it is
    being written. A new file is left to be created with the usual permissions."""
    if existing is not None:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def write_into_stream(target: Destination, content: Path) -> None:
    """Copy the file ``content`` into the stream ``target`` (stdout, a FIFO, a device)."""
    if str(target.path) == STDOUT:
        sys.stdout.flush()
        _copy_to_descriptor(content, sys.stdout.fileno())
        return
    # Non-blocking open: a FIFO nobody reads from is refused at once, not waited on.
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(target.path, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise PathProblem("is a FIFO that nobody is reading from") from None
        raise
    try:
        os.set_blocking(descriptor, True)
        _copy_to_descriptor(content, descriptor)
    finally:
        os.close(descriptor)


def _copy_to_descriptor(content: Path, descriptor: int) -> None:
    with open(content, "rb") as source:
        while chunk := source.read(1 << 16):
            view = memoryview(chunk)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]

