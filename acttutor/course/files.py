"""Reading a content folder without trusting it: only regular files inside the folder are read.

A course installed with ``--content`` may hold anything: a FIFO (opening it for reading would
wait forever), a device, a symbolic link loop, a link to a file elsewhere on the disk (whose
lines would then appear in the checker's messages), an unreadable folder or a name too long for
the file system. Every such case becomes a :class:`ContentFileError` with one short reason; no
function here blocks, follows a link out of the content folder, or raises anything else.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from acttutor.core.i18n import _

__all__ = [
    "ContentFileError",
    "read_content_file",
    "list_folder",
    "exists",
    "describe_kind",
    "folder_problem",
]


class ContentFileError(Exception):
    """A content path that cannot be read as a content file; ``str()`` is the reason."""


class FileTooLarge(ContentFileError):
    """The file is over the size limit (the message says by how much)."""


def describe_kind(mode: int) -> str:
    """What a non-regular file is, as a message names it: ``a FIFO (named pipe)``."""
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return _("a symbolic link loop")
    if error.errno == errno.ENAMETOOLONG:
        return _("the name is too long for the file system")
    if error.errno == errno.ENOENT:
        return _("no such file (a broken link?)")
    return error.strerror or str(error)


def _inside(root: Path, path: Path) -> Path:
    """``path`` with every link resolved, when it stays inside ``root``; else the error."""
    try:
        target = path.resolve(strict=True)
        base = root.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a link loop this way
        raise ContentFileError(_("a symbolic link loop")) from None
    except OSError as error:
        raise ContentFileError(_reason(error)) from None
    if not target.is_relative_to(base):
        raise ContentFileError(_("a link to a file outside the content folder (not read)"))
    return target


def read_content_file(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` inside ``root``, at most ``limit`` of them.

    Raises :class:`ContentFileError` for anything else, including a file larger than ``limit``
    (the reason then starts with ``file is``).
    """
    target = _inside(root, path)
    try:
        info = os.stat(target)
    except OSError as error:
        raise ContentFileError(_reason(error)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ContentFileError(_("{kind}, not a regular file (not read)").format(
            kind=describe_kind(info.st_mode)))
    if info.st_size > limit:
        raise FileTooLarge(_("file is {size:.1f} MiB; the limit is {limit} MiB (split it)").format(
            size=info.st_size / 2**20, limit=limit // 2**20))
    # O_NONBLOCK: should the path have become a FIFO since the stat, opening does not wait.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(
        os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError as error:
        raise ContentFileError(_reason(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ContentFileError(_("{kind}, not a regular file (not read)").format(
                kind=describe_kind(info.st_mode)))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise ContentFileError(_reason(error)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise FileTooLarge(_("file is larger than the {limit} MiB limit (split it)").format(
            limit=limit // 2**20))
    return b"".join(chunks)


def list_folder(folder: Path) -> list[Path]:
    """The entries of ``folder`` sorted by name; :class:`ContentFileError` when unreadable."""
    try:
        return sorted(folder / name for name in os.listdir(folder))
    except OSError as error:
        raise ContentFileError(_("cannot list the folder: {reason}").format(
            reason=_reason(error))) from None


def exists(path: Path) -> bool:
    """True when something (even a broken link) is at ``path``; never raises."""
    try:
        os.lstat(path)
    except (OSError, ValueError):
        return False
    return True


def folder_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a content folder (``no such folder``...), or None when it can."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as error:
        if isinstance(error, OSError) and error.errno == errno.ENOENT:
            return _("no such folder")
        if isinstance(error, OSError) and error.errno == errno.ELOOP:
            return _("a symbolic link loop")
        return _reason(error) if isinstance(error, OSError) else _("not a valid path")
    if not stat.S_ISDIR(info.st_mode):
        kind = _("a file") if stat.S_ISREG(info.st_mode) else describe_kind(info.st_mode)
        return _("{kind}, not a folder").format(kind=kind)
    try:
        os.listdir(path)
    except OSError as error:
        return _("cannot list the folder: {reason}").format(reason=_reason(error))
    return None
