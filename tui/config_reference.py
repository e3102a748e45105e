"""The configuration reference, `docs/configuration.md`, written from the settings themselves.

Every configuration key is a dataclass field made with `tui.core.settings.setting`: the
field's name is the key, its default the default, its reader's docstring says what value it
takes, and the docstring under the field says what it is for. `[keys]` takes the app's binding
ids, read from the bindings. So the reference is made, never written by hand, and
`tests/unit/test_docs.py` fails when the committed file differs from what this module makes:

    .venv/bin/python -m tui.config_reference > docs/configuration.md
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import re
import string
import textwrap
import typing
from collections.abc import Iterator
from datetime import date, time
from enum import Enum
from pathlib import Path
from typing import Any

from tui.core.config.config import Config, Department
from tui.core.i18n import _, current_language, set_language
from tui.core.settings import READER

REGENERATE = ".venv/bin/python -m tui.config_reference > docs/configuration.md"
"""The command that writes the reference anew."""

INTRO = """\
# Configuration reference

<!-- Made by `{command}` from the settings' definitions
(tui/core/config/config.py and the rule modules); edit those, never this file. -->

timedialog reads one TOML file: `--config PATH`, else the `TIMEDIALOG_CONFIG` environment
variable, else `config.toml` in the user's configuration folder (`timedialog config path`
prints it), else the example that ships with timedialog,
[data/config.example.toml](../data/config.example.toml), which sets most keys with a comment
each. Every key may be left out: it then has the default below.

`timedialog config check [--config PATH]` checks the file and names the line of every error:

```
$ timedialog config check --config broken.toml
Konfigurasjonsfilen broken.toml har 2 feil:
  linje 2: [general] deadline_days: svarfristen må være 1 til 4 arbeidsdager (prosedyren sier maks 4), ikke 6
  linje 6: [[departments]] avdeling nr. 1 (A): ukjent nøkkel «phon» – mente du «phone»?
```

It exits with 1 on errors; the app and every other subcommand refuse a broken file with the
same message (exit status 2), never a traceback. Unknown tables and keys are errors, with the
nearest known name suggested, so a misspelt key is never silently ignored.

How a key is declared, and how to add one:
[architecture.md](architecture.md#configuration-each-key-declared-once).
"""  # noqa: E501 - the example quotes `config check` exactly

GENERAL = "Settings for the whole site; a department may set its own deadline and fee."

KEYS_INTRO = """\
Gives an action other keys, by the id of its binding: `copy_reply = "f2"`, or several keys as
a list, `help = ["f1", "?"]`. A key is named as Textual names it (`f2`, `ctrl+s`, `x`, `?`).
Textual's keymap applies them everywhere the action is (footer, help, command palette). Before
the app starts, and in `timedialog config check`, the table is checked: an unknown id (with the
nearest known one suggested), a key Textual cannot bind, and a clash (a key another binding
already uses where both can act: on the same screen, or on a screen and the widget that has
the focus) are each named with their line. Two actions can swap keys.

The ids, with the keys they have unless remapped and where they act:
"""


def field_docs(cls: type) -> dict[str, str]:
    """The docstring under each field of a class (the string that follows its assignment)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        target = getattr(statement, "target", None)
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
        if (
            isinstance(target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[target.id] = one_line(following.value.value)
    return docs


def one_line(text: str) -> str:
    """A docstring's first paragraph on one line, for a table cell."""
    paragraph = inspect.cleandoc(text).split("\n\n", 1)[0]
    return " ".join(paragraph.split()).replace("|", "\\|")


def toml_value(value: Any) -> str:
    """A default as it would be written in the file."""
    if isinstance(value, Enum):
        return toml_value(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, time):
        return f'"{value:%H:%M}"'
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str | Path):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def default_text(declared: dataclasses.Field[Any]) -> str:
    """The default in a table cell: the value, "required", or "not set"."""
    if declared.default is dataclasses.MISSING:
        return "required"
    if declared.default is None:
        return "not set"
    return f"`{toml_value(declared.default)}`"


def settings_table(cls: type) -> list[str]:
    """The Markdown table of a settings class's keys: key, value, default, description."""
    docs = field_docs(cls)
    lines = ["| Key | Value | Default | What it is for |", "|---|---|---|---|"]
    for declared in dataclasses.fields(cls):
        if READER not in declared.metadata:
            continue
        reader = declared.metadata[READER]
        value = one_line(inspect.getdoc(reader) or "")
        description = docs.get(declared.name, "")
        if not value or not description:
            raise ValueError(f"{cls.__name__}.{declared.name}: a reader or field without docstring")
        lines.append(f"| `{declared.name}` | {value} | {default_text(declared)} | {description} |")
    return lines


def enum_values(cls: type) -> list[str]:
    """The values of each enumeration a key of `cls` takes, each with its docstring."""
    lines: list[str] = []
    for name, kind in typing.get_type_hints(cls).items():
        if not (isinstance(kind, type) and issubclass(kind, Enum)):
            continue
        docs = field_docs(kind)
        lines += ["", f"Values of `{name}`:", ""]
        lines += [
            f"- `{toml_value(member)}`: {docs.get(member.name, '')}".rstrip(": ") for member in kind
        ]
    return lines


def tables() -> Iterator[tuple[str, type]]:
    """Each table of the file, as it is written, with the class that declares its keys."""
    yield "[general]", Config
    hints = typing.get_type_hints(Config)
    for declared in dataclasses.fields(Config):
        kind = hints[declared.name]
        if declared.name == "departments":
            yield "[[departments]]", Department
        elif dataclasses.is_dataclass(kind) and isinstance(kind, type):
            yield f"[{declared.name}]", kind


def binding_rows() -> list[str]:
    """The `[keys]` table: each binding id, its keys, where it acts and what it does."""
    # Here, not at the top: the module's key tables need no Textual (a developer's tool).
    from textual.binding import Binding

    from tui.keymap import scopes
    from tui.textual_compat import declared_bindings

    places: dict[str, list[str]] = {}
    keys: dict[str, list[str]] = {}
    found: dict[str, Binding] = {}
    for scope in scopes():
        for node in scope.nodes:
            for bindings in declared_bindings(node).key_to_bindings.values():
                for item in bindings:
                    if not item.id:
                        continue
                    found.setdefault(item.id, item)
                    if key_name(item.key) not in keys.setdefault(item.id, []):
                        keys[item.id].append(key_name(item.key))
                    if scope.name not in places.setdefault(item.id, []):
                        places[item.id].append(scope.name)
    rows = ["| Id | Keys | Where | What it does |", "|---|---|---|---|"]
    series = re.compile(r"^(.*?)([1-9])$")
    for binding_id, binding in found.items():
        number = series.match(binding_id)
        if number and number.group(2) != "1":
            continue  # a numbered series is one row: picker.copy_1 … picker.copy_9
        last = binding_id
        while number and f"{number.group(1)}{int(last[-1]) + 1}" in found:
            last = f"{number.group(1)}{int(last[-1]) + 1}"
        ids = f"`{binding_id}`" if last == binding_id else f"`{binding_id}` … `{last}`"
        shown = " ".join(f"`{key}`" for key in keys[binding_id])
        if last != binding_id:
            shown += f" … `{keys[last][0]}`"
        if last == binding_id:
            what = english(binding.tooltip or binding.description)
        else:
            what = english_series(found[last].description)
        where = ", ".join(english(place) for place in places[binding_id])
        rows.append(f"| {ids} | {shown} | {where} | {what} |")
    return rows


def key_name(key: str) -> str:
    """A key as `[keys]` may name it: the character for a printable key, else Textual's name."""
    from tui.keys import normalise  # with the bindings' table only (see binding_rows)

    characters = {normalise(character)[0]: character for character in string.punctuation}
    return characters.get(key, key)


def english_series(description: str) -> str:
    """What the keys of a numbered series do: "Kopier nr. 9" gives "Copy number N"."""
    for name in ("n", "number"):
        template = re.sub(r"\d+$", f"{{{name}}}", description)
        translated = english(template)
        if translated != template:
            return translated.format(**{name: "N"})
    return description


def english(text: str) -> str:
    """A bokmål user-interface string in English, from the catalogue the app uses."""
    before = current_language()
    set_language("en")
    try:
        return _(text)
    finally:
        set_language(before)


def render() -> str:
    """The whole reference, as docs/configuration.md holds it."""
    lines = [INTRO.format(command=REGENERATE)]
    for title, cls in tables():
        about = GENERAL if cls is Config else inspect.getdoc(cls) or ""
        lines += [f"## `{title}`", "", about, ""]
        lines += settings_table(cls)
        lines += enum_values(cls)
        lines.append("")
    lines += ["## `[keys]`", "", KEYS_INTRO, *binding_rows(), ""]
    return "\n".join(lines)


def main() -> None:
    """Print the reference (redirect it into docs/configuration.md)."""
    print(render(), end="")


if __name__ == "__main__":
    main()
