"""Shared fixtures: every test runs with a temporary home and data directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from acttutor.core.i18n import use_language

# Hypothesis times each example (a 200 ms deadline, a "too slow" health check): on a loaded
# machine that fails correct code. Timings belong in benchmarks/, so tests turn both off.
settings.register_profile(
    "acttutor", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("acttutor")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point HOME, XDG folders and ACTTUTOR_DATA_DIR at temporary folders: never the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("ACTTUTOR_DATA_DIR", str(home / "acttutor-data"))
    return home


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English whatever the machine's locale, and leaves English behind
    (the interface language is process-wide; a test may switch it with ``use_language``)."""
    for variable in ("ACTTUTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    use_language("en")
    yield
    use_language("en")
