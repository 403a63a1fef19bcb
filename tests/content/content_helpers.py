"""Helpers for the content tests: the small valid course and bad-content overlays."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "content"
VALID = FIXTURES / "valid"
BAD = FIXTURES / "bad"


def build_course(tmp_path: Path, *overlays: Path, name: str = "course") -> Path:
    """Copy the valid fixture course to ``tmp_path/name`` and apply bad-content overlays.

    An overlay folder holds files that replace or add to the course, an optional ``DELETE``
    (paths to remove, one per line) and ``EXPECT`` (what the checker must report).
    """
    root = tmp_path / name
    shutil.copytree(VALID, root)
    for overlay in overlays:
        for source in overlay.rglob("*"):
            if source.is_file() and source.name not in ("DELETE", "EXPECT"):
                target = root / source.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
        deletions = overlay / "DELETE"
        if deletions.exists():
            for rel in deletions.read_text(encoding="utf-8").split():
                (root / rel).unlink()
    return root
