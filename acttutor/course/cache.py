"""A compiled copy of the loaded course, so a start whose content files have not changed skips
reading, parsing and checking them.

:func:`load_course_cached` is what the app runs. It looks for a cache file for the same content
roots whose *fingerprint* matches: the cache format, acttutor's version, the Python version,
and the name, size and modification time (nanoseconds) of every content file of every root and
of the modules that turn files into models. On a match the pickled :class:`Course` is returned;
otherwise :func:`acttutor.course.loader.load_course` builds it and the result is written back.

The cache is disposable: a missing, stale, truncated or damaged file is ignored (and replaced);
a cache folder that cannot be written just means no cache. It is never written for content with
problems, nor while a content file is younger than :data:`SETTLE_SECONDS` (a file saved twice
within the file system's time resolution, with the same size, would otherwise look unchanged).

The folder is ``$ACTTUTOR_CACHE_DIR`` when set, else platformdirs' per-user cache folder.
The files there are written only by acttutor for the same user, like Python's own bytecode
cache; pickle is used because it restores the frozen models without re-validating them.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from acttutor import __version__
from acttutor.course.models import Course
from acttutor.course.paths import builtin_content_root

__all__ = ["ENV_VAR", "cache_dir", "fingerprint", "load_course_cached"]

ENV_VAR = "ACTTUTOR_CACHE_DIR"
"""Environment variable that overrides the cache folder."""

FORMAT = 1
"""Bump when the cache file layout changes."""

SETTLE_SECONDS = 2.0
"""Content files modified more recently than this are not cached yet."""

#: The modules whose code decides what a content file turns into.
_BUILDERS = ("models.py", "loader.py", "yamltree.py", "facts.py", "problems.py")
_ENGINE = Path(__file__).resolve().parent.parent / "core" / "activations.py"

Entry = tuple[str, int, int]
"""(path, size, mtime_ns) of one file."""


def cache_dir() -> Path:
    """``$ACTTUTOR_CACHE_DIR`` when set and non-empty, else the per-user cache folder."""
    from_env = os.environ.get(ENV_VAR, "")
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("acttutor", appauthor=False))


def fingerprint(roots: Sequence[Path]) -> tuple[Any, ...]:
    """What the loaded course depends on; equal fingerprints give equal courses."""
    package = Path(__file__).resolve().parent
    files: list[Entry] = [_stat(package / name) for name in _BUILDERS]
    files.append(_stat(_ENGINE))
    for root in roots:
        files.append(_stat(root / "course.yaml"))
        for folder in ("lessons", "quizzes"):
            try:
                names = sorted(os.listdir(root / folder))
            except OSError:
                files.append((str(root / folder), -1, -1))
                continue
            files.extend(_stat(root / folder / name) for name in names)
    return (FORMAT, __version__, sys.version_info[:2], tuple(str(r) for r in roots),
            tuple(files))


def load_course_cached(
    extra_roots: Sequence[Path | str] = (), *, folder: Path | None = None
) -> Course:
    """The built-in course plus ``extra_roots``, from the cache when nothing changed.

    Raises :class:`acttutor.course.problems.ContentError` (from the loader) when the content
    has problems; such content is never cached.
    """
    roots = [builtin_content_root(), *(Path(r).resolve() for r in extra_roots)]
    key = fingerprint(roots)
    path = (folder if folder is not None else cache_dir()) / _file_name(roots)
    course = _read(path, key)
    if course is not None:
        return course
    from acttutor.course.loader import load_course

    course = load_course(extra_roots)
    if _settled(key):
        _write(path, key, course)
    return course


def _stat(path: Path) -> Entry:
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), info.st_size, info.st_mtime_ns)


def _file_name(roots: Sequence[Path]) -> str:
    joined = "\0".join(str(root) for root in roots).encode("utf-8", "surrogateescape")
    return f"course-{zlib.crc32(joined):08x}.pickle"


def _settled(key: tuple[Any, ...]) -> bool:
    newest = max((mtime for _, _, mtime in key[-1]), default=0)
    return time.time_ns() - newest > SETTLE_SECONDS * 1e9


def _read(path: Path, key: tuple[Any, ...]) -> Course | None:
    import pickle

    try:
        with path.open("rb") as file:
            if pickle.load(file) != key:
                return None
            course = pickle.load(file)
    except Exception:  # a damaged cache is the same as no cache
        return None
    return course if isinstance(course, Course) else None


def _write(path: Path, key: tuple[Any, ...], course: Course) -> None:
    import copyreg
    import pickle

    # Parameter mappings are read-only views; pickle them as the dicts they wrap.
    copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as file:
            pickle.dump(key, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(course, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # no cache is fine: the course is already loaded
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _reduce_mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return (MappingProxyType, (dict(proxy),))
