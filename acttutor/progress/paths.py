"""Where the learner's progress lives on disk.

The data directory is, in order of precedence: the `--data-dir` option, the `ACTTUTOR_DATA_DIR`
environment variable, then platformdirs' per-user data directory for "acttutor".
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "ACTTUTOR_DATA_DIR"
"""Environment variable that overrides the data directory."""

STORE_FILENAME = "progress.sqlite3"
"""File name of the SQLite progress store inside the data directory."""


def data_dir(override: Path | str | None = None) -> Path:
    """Return the directory that holds the progress store (it may not exist yet).

    `override` (the CLI's `--data-dir`) wins; then `$ACTTUTOR_DATA_DIR` when set and non-empty;
    then `platformdirs.user_data_dir("acttutor")`. A leading `~` is expanded.
    """
    if override is not None and str(override) != "":
        return Path(override).expanduser()
    from_env = os.environ.get(ENV_VAR, "")
    if from_env:
        return Path(from_env).expanduser()
    # platformdirs is light, but only the fallback needs it.
    import platformdirs

    return Path(platformdirs.user_data_dir("acttutor", appauthor=False))


def store_path(location: Path | str | None = None) -> Path:
    """Return the store file for `location`: a directory, a `.sqlite3` file path, or None.

    A path ending in `.sqlite3` (or `.db`) names the file itself; anything else is a directory that
    holds `progress.sqlite3`. None means the default data directory (see `data_dir`).
    """
    if location is None or str(location) == "":
        return data_dir() / STORE_FILENAME
    path = Path(location).expanduser()
    if path.suffix in (".sqlite3", ".sqlite", ".db") and not path.is_dir():
        return path
    return path / STORE_FILENAME
