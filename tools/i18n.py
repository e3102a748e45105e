"""Keep the translation catalogues in step with the source strings (a developer's tool).

Bokmål is the source language: every `_()`, `N_()` and `ngettext()` string in `tui/` is a
message id, found by walking each module's syntax tree (so a `_()` inside an f-string counts
too). The English catalogue is `tui/locale/en/LC_MESSAGES/timedialog.po` (edited by
hand, committed) and the `.mo` compiled from it (committed too, so an installed timedialog
needs no build step; `tests/unit/test_i18n.py` fails when it is out of date).

    python -m tools.i18n update   # add new strings to the .po, drop gone ones, compile .mo
    python -m tools.i18n check    # list the strings that have no translation (exit 1)

After `update`, fill in every empty `msgstr ""` in the .po and run `update` again to compile.
Reading, writing and compiling catalogues is Babel's (the `test` extra installs it).
"""

from __future__ import annotations

import argparse
import ast
import gettext
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tui import __version__
from tui.core.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "tui"
KEYWORDS = ("_", "N_", "ngettext")
"""The translation functions of `tui.core.i18n`."""
HEADER_COMMENT = """\
# timedialog: translation of the bokmål user interface into "{language}".
# Update with `python -m tools.i18n update` after adding strings (README, "Language")."""
TRANSLATED = LANGUAGES[1:]
UPDATE_COMMAND = "python -m tools.i18n update"
"""The languages that have a catalogue (bokmål, the source language, needs none)."""


@dataclass(frozen=True)
class SourceMessage:
    """A message id found in the source, and where it is used."""

    id: str | tuple[str, str]
    """The bokmål string; (singular, plural) for `ngettext`."""
    locations: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Call:
    """One call of a translation function in the source."""

    path: str
    line: int
    column: int
    function: str
    arguments: tuple[ast.expr, ...]

    @property
    def message_id(self) -> str | tuple[str, str] | None:
        """The string(s) given as plain literals; None when the argument is computed."""
        strings = [
            argument.value
            for argument in self.arguments
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
        ]
        if self.function == "ngettext":
            return (strings[0], strings[1]) if len(strings) >= 2 else None
        return strings[0] if len(strings) == 1 == len(self.arguments) else None


def translation_calls(root: Path = PACKAGE_DIR) -> list[Call]:
    """Every call of `_`, `N_` or `ngettext` under `root`, in file and line order."""
    calls = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        name = path.relative_to(root.parent).as_posix()
        calls += [
            Call(name, node.lineno, node.col_offset, node.func.id, tuple(node.args))
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in KEYWORDS
        ]
    return sorted(calls, key=lambda call: (call.path, call.line, call.column))


def source_messages(root: Path = PACKAGE_DIR) -> list[SourceMessage]:
    """Every translatable string under `root`, in order of first use, each once."""
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for call in translation_calls(root):
        if call.message_id is not None:
            found.setdefault(call.message_id, []).append((call.path, call.line))
    return [SourceMessage(key, tuple(places)) for key, places in found.items()]


def po_path(language: str) -> Path:
    """The editable catalogue of `language`."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    """The compiled catalogue of `language`, the one the app reads."""
    return po_path(language).with_suffix(".mo")


def read_catalogue(language: str) -> Catalog:
    """The `.po` catalogue of `language` (empty when there is none yet)."""
    path = po_path(language)
    if not path.exists():
        return Catalog(
            locale=language,
            domain=DOMAIN,
            project="timedialog",
            version=__version__,
            header_comment=HEADER_COMMENT.format(language=language),
            copyright_holder="the timedialog authors",
            msgid_bugs_address="",
            last_translator="the timedialog authors",
            language_team=f"{language} (the timedialog authors)",
            fuzzy=False,
        )
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def _is_translated(catalogue: Catalog, message_id: str | tuple[str, str]) -> bool:
    message = catalogue.get(message_id if isinstance(message_id, str) else message_id[0])
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def missing(language: str) -> list[str]:
    """The source strings that `language`'s catalogue does not translate (fuzzy counts as not)."""
    catalogue = read_catalogue(language)
    return [
        message.id if isinstance(message.id, str) else message.id[0]
        for message in source_messages()
        if not _is_translated(catalogue, message.id)
    ]


def obsolete(language: str) -> list[str]:
    """Strings the catalogue translates that the source no longer uses."""
    used = {m.id if isinstance(m.id, str) else m.id[0] for m in source_messages()}
    return [
        str(message.id if isinstance(message.id, str) else message.id[0])
        for message in read_catalogue(language)
        if message.id and (message.id if isinstance(message.id, str) else message.id[0]) not in used
    ]


def _template() -> Catalog:
    template = Catalog(domain=DOMAIN, project="timedialog")
    for message in source_messages():
        template.add(message.id, locations=message.locations)
    return template


def compiled(language: str) -> bytes:
    """The `.mo` file that the `.po` of `language` compiles to (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(language), use_fuzzy=False)
    return buffer.getvalue()


def mo_entries(data: bytes) -> dict[object, str]:
    """A compiled catalogue's translations, as `gettext` reads them (header left out)."""
    translations = gettext.GNUTranslations(io.BytesIO(data))
    return {key: value for key, value in translations._catalog.items() if key != ""}  # type: ignore[attr-defined]


def update(language: str) -> Catalog:
    """Bring the `.po` of `language` in step with the source and compile its `.mo`.

    Existing translations are kept; new strings get an empty translation (never a guessed
    one: fuzzy matching is off); strings the source no longer uses are dropped.
    """
    catalogue = read_catalogue(language)
    # The header's dates stay as they are, so an update changes only the strings that changed.
    catalogue.update(
        _template(), no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False
    )
    catalogue.obsolete.clear()
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalogue, width=100, include_lineno=False, omit_header=False)
    mo_path(language).write_bytes(compiled(language))
    return catalogue


def _report(language: str) -> Iterator[str]:
    untranslated = missing(language)
    if untranslated:
        where = po_path(language)
        yield f"{language}: {len(untranslated)} string(s) without translation in {where}:"
        yield from (f"  {message!r}" for message in untranslated)
    if mo_entries(mo_path(language).read_bytes()) != mo_entries(compiled(language)):
        yield f"{language}: {mo_path(language)} is out of date: run `{UPDATE_COMMAND}`"


def main(argv: list[str] | None = None) -> int:
    """`update` or `check` every translated language; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.i18n", description=__doc__)
    parser.add_argument("command", choices=("update", "check"))
    command = parser.parse_args(argv).command
    problems: list[str] = []
    for language in TRANSLATED:
        if command == "update":
            catalogue = update(language)
            print(f"{language}: {po_path(language)} has {len(catalogue)} strings; .mo compiled")
        problems += _report(language)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
