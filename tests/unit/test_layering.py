"""The package's layers, enforced: every import of every source file (inside functions and
``TYPE_CHECKING`` blocks too) is read with ``ast`` and checked against the house rules.

- ``acttutor.core`` is pure logic: no course, progress or UI code, no Textual, no Rich;
- ``acttutor.course`` and ``acttutor.progress`` import no Textual, Rich or UI code;
- no screen imports another screen (``screens/base.py`` holds the base classes all may use);
  a screen opens another through the app (``ActTutorApp.open_*``, ``show_results`` ...).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "acttutor"

UI = ("textual", "textual_plotext", "rich")
OWN_UI = (
    "acttutor.app",
    "acttutor.palette",
    "acttutor.screens",
    "acttutor.widgets",
    "acttutor.commands",
    "acttutor.cli",
)

#: Package -> the modules (and their submodules) it must never import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "acttutor.core": (*UI, *OWN_UI, "acttutor.course", "acttutor.progress", "acttutor.export"),
    "acttutor.course": (*UI, *OWN_UI),
    "acttutor.progress": (*UI, *OWN_UI),
}

#: Modules of ``acttutor/screens`` that are not screens and that every screen may import.
SCREEN_SHARED = {"acttutor.screens", "acttutor.screens.base"}


def module_name(path: Path) -> str:
    """``acttutor/core/quiz.py`` -> ``acttutor.core.quiz`` (a package -> its own name)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports anywhere in it, relative imports resolved against
    ``module``; ``from a import b`` gives both ``a`` and ``a.b`` (b may be a submodule)."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports_of(path: Path) -> set[str]:
    return imported_modules(
        path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py"
    )


def test_the_sources_are_found() -> None:
    names = {module_name(path) for path in _sources()}
    assert {"acttutor.core.activations", "acttutor.course.loader", "acttutor.screens.quiz"} <= names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_lower_layers_import_nothing_above_them(layer: str) -> None:
    breaches = []
    for path in _sources():
        module = module_name(path)
        if not _within(module, layer):
            continue
        for name in sorted(_imports_of(path)):
            if any(_within(name, banned) for banned in FORBIDDEN[layer]):
                breaches.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert breaches == []


def test_no_screen_imports_another_screen() -> None:
    breaches = []
    for path in sorted((PACKAGE / "screens").glob("*.py")):
        module = module_name(path)
        if module in SCREEN_SHARED:
            continue
        for name in sorted(_imports_of(path)):
            screen = ".".join(name.split(".")[:3])
            if _within(name, "acttutor.screens") and screen not in SCREEN_SHARED | {module}:
                breaches.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert breaches == []


def test_imports_inside_functions_and_relative_imports_are_seen() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from rich.text import Text\n"
        "def later():\n"
        "    import textual.app\n"
        "    from ..course import models\n"
        "    from . import numfmt\n"
    )
    found = imported_modules(source, "acttutor.core.quiz")
    assert {
        "rich.text", "textual.app", "acttutor.course", "acttutor.course.models",
        "acttutor.core.numfmt",
    } <= found


def test_importing_the_whole_core_loads_no_ui_library() -> None:
    """Every module of acttutor.core, imported in a fresh interpreter, leaves Textual and Rich
    unloaded (harlequin's check for its headless core)."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import acttutor.core as core\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, 'acttutor.core.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names), *sorted(m for m in sys.modules\n"
        "      if m.split('.')[0] in ('textual', 'rich', 'textual_plotext')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    count, loaded = int(out[0]), out[1:]
    assert count >= 10 and loaded == []
