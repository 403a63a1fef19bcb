"""The interface catalogs: extract the strings, update each language's ``.po``, compile ``.mo``.

Run from the repository root::

    uv run python -m tools.i18n extract   # acttutor/ -> acttutor/locale/acttutor.pot
    uv run python -m tools.i18n update    # extract, then merge the template into every .po
    uv run python -m tools.i18n compile   # every .po -> its .mo (shipped in the package)
    uv run python -m tools.i18n check     # exit 1 when a .po lacks a translation or a .mo is stale

Strings are found in calls of ``_``, ``ngettext``, ``pgettext``, ``N_`` and ``plural`` (the count
and its noun, :func:`acttutor.core.numfmt.plural`) in ``acttutor/``. The
template and the ``.po`` files keep source file names but no line numbers and are sorted by
message, so moving code does not touch them and two branches adding strings merge cleanly.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "acttutor"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "acttutor"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"

#: The gettext functions of :mod:`acttutor.core.i18n` and where their message arguments are,
#: and :func:`acttutor.core.numfmt.plural` (``plural(n, "question", "questions")``).
KEYWORDS: dict[str, object] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "plural": (2, 3),
}

#: A fixed header date: the template changes only when its messages do.
_HEADER_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)

_HEADER_COMMENT = (
    "# The interface strings of acttutor (README.md: Translating the interface).\n"
    "# This file is distributed under the same license as the acttutor project (MIT)."
)


def _set_header(catalog: Catalog) -> None:
    """The same header on the template and every .po, without Babel's placeholders."""
    from acttutor import __version__

    catalog.header_comment = _HEADER_COMMENT
    catalog.version = __version__
    catalog.msgid_bugs_address = "the acttutor issue tracker"
    catalog.last_translator = "acttutor translators"
    catalog.language_team = "acttutor translators"
    catalog.creation_date = _HEADER_DATE
    catalog.revision_date = _HEADER_DATE


def extract_template() -> Catalog:
    """Every translatable message of ``acttutor/``, as a template catalog."""
    template = Catalog(
        project="acttutor", version="", creation_date=_HEADER_DATE, fuzzy=False,
        msgid_bugs_address="", copyright_holder="", charset="utf-8",
    )
    found = extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
    )
    _set_header(template)
    for filename, lineno, message, comments, context in found:
        path = f"acttutor/{Path(filename).as_posix()}"
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def po_text(catalog: Catalog) -> bytes:
    """``catalog`` as ``.po`` text: sorted by message, file names without line numbers."""
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """``catalog`` compiled to a gettext ``.mo`` (fuzzy entries left out, as gettext does)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """A ``.po`` or ``.pot`` file as a catalog."""
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def po_files() -> Iterator[tuple[str, Path]]:
    """(language, path) of every ``.po`` under ``acttutor/locale``."""
    for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        yield path.parent.parent.name, path


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def extract() -> Catalog:
    """Write the template; returns it."""
    template = extract_template()
    changed = _write_if_changed(TEMPLATE, po_text(template))
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} messages"
          + ("" if changed else " (unchanged)"))
    return template


def update(languages: Sequence[str] = ("ko",)) -> None:
    """Extract, then merge the template into each language's ``.po`` (creating it if needed).

    A message whose English changed keeps its old translation marked fuzzy (a translator
    checks it); messages gone from the code are dropped.
    """
    template = extract()
    wanted = {lang: LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po" for lang in languages}
    wanted.update(dict(po_files()))
    for lang, path in sorted(wanted.items()):
        if path.exists():
            catalog = read_catalog(path, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="acttutor", version="",
                              creation_date=_HEADER_DATE, fuzzy=False, charset="utf-8")
        catalog.update(template, update_header_comment=False)
        _set_header(catalog)
        _write_if_changed(path, po_text(catalog))
        missing = untranslated(catalog)
        print(f"{path.relative_to(ROOT)}: {len(missing)} of {len(template)} need a translation")


def untranslated(catalog: Catalog) -> list[str]:
    """The messages of ``catalog`` without a usable translation (empty or fuzzy)."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def compile_all() -> None:
    """Compile every ``.po`` to the ``.mo`` beside it."""
    for lang, path in po_files():
        catalog = read_catalog(path, locale=lang)
        target = path.with_suffix(".mo")
        changed = _write_if_changed(target, mo_bytes(catalog))
        print(f"{target.relative_to(ROOT)}" + (" written" if changed else " (unchanged)"))


def check() -> int:
    """0 when every ``.po`` translates every extracted message and its ``.mo`` is current."""
    template = extract_template()
    status = 0
    for lang, path in po_files():
        catalog = read_catalog(path, locale=lang)
        ids = {m.id for m in catalog if m.id}
        absent = [m.id for m in template if m.id and m.id not in ids]
        for message_id in absent + untranslated(catalog):
            print(f"{path.relative_to(ROOT)}: no translation for {message_id!r}")
            status = 1
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            print(f"{mo.relative_to(ROOT)}: out of date; run `python -m tools.i18n compile`")
            status = 1
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """The command line of the catalog tool."""
    parser = argparse.ArgumentParser(prog="python -m tools.i18n", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("extract", "update", "compile", "check"))
    args = parser.parse_args(argv)
    if args.action == "extract":
        extract()
    elif args.action == "update":
        update()
    elif args.action == "compile":
        compile_all()
    else:
        return check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
