"""Where the built-in course lives: the repo's ``content/`` or the wheel's ``acttutor/_course``."""

from __future__ import annotations

from pathlib import Path

__all__ = ["builtin_content_root"]


def builtin_content_root() -> Path:
    """The built-in content root.

    From a source checkout this is the ``content/`` folder beside the package (the one holding
    ``course.yaml``); an installed wheel carries the same files as ``acttutor/_course``.
    """
    source = Path(__file__).resolve().parent.parent.parent / "content"
    if (source / "course.yaml").is_file():
        return source
    from importlib import resources  # only an installed wheel needs it

    packaged = Path(str(resources.files("acttutor") / "_course"))
    if (packaged / "course.yaml").is_file():
        return packaged
    # Neither exists (a broken install): name the source path so the checker's error points at it.
    return source
