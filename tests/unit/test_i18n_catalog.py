"""The Korean catalog: complete for every string in the code, compiled, with Korean plurals."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from babel.messages.mofile import read_mo

from tools.i18n import (
    LOCALE_DIR,
    PACKAGE,
    extract_template,
    mo_bytes,
    po_files,
    read_catalog,
    untranslated,
)

KO_PO = LOCALE_DIR / "ko" / "LC_MESSAGES" / "acttutor.po"


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _messages(catalog) -> dict[object, object]:
    return {(m.context, _hashable(m.id)): _hashable(m.string) for m in catalog if m.id}


def test_the_korean_catalog_exists_with_one_plural_form() -> None:
    assert [lang for lang, _path in po_files()] == ["ko"]
    catalog = read_catalog(KO_PO, locale="ko")
    assert catalog.plural_forms == "nplurals=1; plural=0;"


def test_the_committed_mo_holds_exactly_the_po_translations() -> None:
    for lang, po in po_files():
        catalog = read_catalog(po, locale=lang)
        shipped = read_mo(io.BytesIO(po.with_suffix(".mo").read_bytes()))
        fresh = read_mo(io.BytesIO(mo_bytes(catalog)))
        assert _messages(shipped) == _messages(fresh), f"run `python -m tools.i18n compile` ({po})"
        assert len(_messages(shipped)) == len([m for m in catalog if m.id])


def test_every_message_in_the_code_has_a_korean_translation() -> None:
    template = extract_template()
    catalog = read_catalog(KO_PO, locale="ko")
    translated = {(m.context, m.id) for m in catalog if m.id}
    absent = [m.id for m in template if m.id and (m.context, m.id) not in translated]
    assert not absent, f"not in the .po (run `python -m tools.i18n update`): {absent}"
    assert not untranslated(catalog), f"no Korean translation: {untranslated(catalog)}"
    assert len(template) > 150  # the commands, argparse and the forward pass are all in it


def test_plural_entries_have_their_one_korean_form() -> None:
    catalog = read_catalog(KO_PO, locale="ko")
    plurals = [m for m in catalog if m.id and m.pluralizable]
    assert {m.id[0] for m in plurals} >= {"{n} question", "{n} day", "{n} lesson"}
    for message in plurals:
        assert len(message.string) == 1 and message.string[0], message.id


def test_translations_keep_every_placeholder() -> None:
    catalog = read_catalog(KO_PO, locale="ko")
    placeholder = re.compile(r"\{\w*\}|%\(\w+\)[sr]|%[sr]")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(placeholder.findall(ids[-1]))
        for string in strings:
            found = set(placeholder.findall(string))
            if message.pluralizable and not wanted:
                # numfmt.plural's nouns: a translation may place the count with {n}
                found.discard("{n}")
            assert found == wanted, message.id


def test_no_lookup_hides_inside_an_f_string() -> None:
    # On Python 3.11 an f-string is one token: Babel would not see a _("...") inside it.
    for path in PACKAGE.rglob("*.py"):
        with path.open("rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                if token.type == tokenize.STRING and re.match(r"^[rRbB]*[fF]", token.string):
                    assert not re.search(r"\{[^}]*\b(_|ngettext|pgettext)\(", token.string), (
                        f"{Path(path).relative_to(PACKAGE.parent)}:{token.start[0]}"
                    )
