"""Remapped keys: the `[keys]` table checked against the app's bindings.

Every binding the clerk can press is declared with an id (`Binding(..., id="copy_reply")`).
`[keys]` in the configuration gives an id other keys (`copy_reply = "f2"`), and Textual's
keymap applies them (`App.set_keymap`). Before that, `keymap_problems` checks the table: an
id that no binding has, a key that is no key, and a clash (two bindings on the same key where
both can act at once: on the same screen, or on a screen and the widget that has the focus)
are reported with the key's line by `timedialog config check` and at start-up.

The screens are imported in `scopes`, to keep start-up light: the keymap itself is loaded only
when `[keys]` remaps a key, and the app's screens each load when first shown.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from tui.core.config.config import Config, config_error
from tui.core.i18n import _
from tui.core.settings import Problem
from tui.keys import is_key, key_label, normalise
from tui.textual_compat import declared_bindings


@dataclass(frozen=True)
class Scope:
    """Nodes whose bindings act together: a screen, the widget focused on it, and the app."""

    name: str
    """How the clerk knows the place: "innboksen", "tekstvelgeren" ..."""
    nodes: tuple[type[DOMNode], ...]


def scopes() -> tuple[Scope, ...]:
    """Every combination of bindings that can act at the same time in the app."""
    from textual.widgets import Input

    from tui.app import TimedialogApp
    from tui.screens.category_picker import CategoryPicker
    from tui.screens.checklist import ChecklistScreen
    from tui.screens.clipboard_guide import ClipboardGuide
    from tui.screens.close_reason import CloseReason
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.department_picker import DepartmentPicker
    from tui.screens.help import HelpScreen
    from tui.screens.import_files import ImportScreen
    from tui.screens.inbox import InboxScreen
    from tui.screens.register_message import RegisterMessageScreen
    from tui.screens.report import ReportScreen
    from tui.screens.roster import RosterScreen
    from tui.screens.template_picker import FilterInput, TemplatePicker, ValueInput
    from tui.screens.text_view import TextView
    from tui.widgets.choice_list import ChoiceList
    from tui.widgets.inbox_list import InboxList
    from tui.widgets.message_detail import MessageDetail

    # A modal screen's bindings stop at the screen: the app's do not act under it.
    return (
        Scope(_("innboksen"), (InboxList, InboxScreen, TimedialogApp)),
        Scope(_("innboksens søkefelt"), (Input, InboxScreen, TimedialogApp)),
        Scope(_("meldingen"), (MessageDetail, InboxScreen, TimedialogApp)),
        Scope(_("tekstvelgeren"), (FilterInput, TemplatePicker)),
        Scope(_("tekstvelgerens verdifelt"), (ValueInput, TemplatePicker)),
        Scope(_("tekstvelgerens liste"), (ChoiceList, TemplatePicker)),
        Scope(_("hjelpen"), (HelpScreen,)),
        Scope(_("kopieringshjelpen"), (ClipboardGuide,)),
        Scope(_("tekstvisningen"), (TextView,)),
        Scope(_("bekreftelsen"), (ChoiceList, ConfirmScreen)),
        Scope(_("kategorivalget"), (ChoiceList, CategoryPicker)),
        Scope(_("avdelingsvalget"), (DepartmentPicker,)),
        Scope(_("avdelingslisten"), (ChoiceList, DepartmentPicker)),
        Scope(_("sjekklisten"), (ChoiceList, ChecklistScreen)),
        Scope(_("lukk uten svar"), (ChoiceList, CloseReason)),
        Scope(_("registreringen"), (RegisterMessageScreen,)),
        Scope(_("importen"), (ImportScreen,)),
        Scope(_("oversikten"), (ReportScreen,)),
        Scope(_("vaktlisten"), (ChoiceList, RosterScreen)),
        Scope(_("vaktlistens navnefelt"), (Input, RosterScreen)),
    )


def bindings_by_id() -> dict[str, Binding]:
    """Every binding with an id, by id (the first declared, for ids with several keys)."""
    found: dict[str, Binding] = {}
    for scope in scopes():
        for node in scope.nodes:
            for bindings in declared_bindings(node).key_to_bindings.values():
                for binding in bindings:
                    if binding.id:
                        found.setdefault(binding.id, binding)
    return found


def _keys_in_scope(
    scope: Scope, keymap: Mapping[str, list[str]]
) -> Iterator[tuple[str, str | None, str]]:
    """(key, binding id or None, description) for each binding acting in `scope`."""
    remapped: dict[str, Binding] = {}
    for node in scope.nodes:
        for key, bindings in declared_bindings(node).key_to_bindings.items():
            for binding in bindings:
                if binding.id is not None and binding.id in keymap:
                    remapped.setdefault(binding.id, binding)
                else:
                    yield key, binding.id, binding.description or binding.action
        if issubclass(node, App) and node.ENABLE_COMMAND_PALETTE:
            yield node.COMMAND_PALETTE_BINDING, None, _("kommandopaletten")
    for binding_id, binding in remapped.items():
        for key in keymap[binding_id]:
            yield key, binding_id, binding.description or binding.action


def keymap_problems(keys: Iterable[tuple[str, str]]) -> list[Problem]:
    """What is wrong with `[keys]`: unknown ids, keys that are no keys, clashes."""
    known = bindings_by_id()
    problems: list[Problem] = []
    keymap: dict[str, list[str]] = {}
    for binding_id, value in keys:
        where = ("keys", binding_id)
        if binding_id not in known:
            problems.append(Problem(where, _unknown_id(binding_id, known)))
            continue
        names = normalise(value)
        bad = [name for name in names if not is_key(name)]
        if bad:
            problems.append(
                Problem(
                    where,
                    _("{id}: «{key}» er ikke en tast (for eksempel «f2», «ctrl+s», «x»)").format(
                        id=binding_id, key=bad[0]
                    ),
                )
            )
            continue
        keymap[binding_id] = names
    reported: set[tuple[str, str]] = set()
    for scope in scopes():
        users: dict[str, list[tuple[str | None, str]]] = {}
        for key, user, description in _keys_in_scope(scope, keymap):
            users.setdefault(key, []).append((user, description))
        for key, bindings in users.items():
            remapped = [b for b in bindings if b[0] is not None and b[0] in keymap]
            if not remapped:
                continue
            binding_id = remapped[0][0] or ""
            others = [b for b in bindings if b[0] != binding_id]
            if not others or (binding_id, key) in reported:
                continue
            reported.add((binding_id, key))
            problems.append(
                Problem(
                    ("keys", binding_id),
                    _(
                        "{id}: tasten {key} brukes allerede til «{other}»{other_id} i {scope}"
                    ).format(
                        id=binding_id,
                        key=key_label(key),
                        other=others[0][1],
                        other_id=f" ({others[0][0]})" if others[0][0] else "",
                        scope=scope.name,
                    ),
                )
            )
    return problems


def _unknown_id(binding_id: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(binding_id, sorted(known), n=1)
    if close:
        return _("ukjent handling «{id}» – mente du «{close}»?").format(
            id=binding_id, close=close[0]
        )
    return _("ukjent handling «{id}» (docs/configuration.md viser alle)").format(id=binding_id)


def check_keys(config: Config) -> None:
    """Raise `ConfigError` naming every problem of `[keys]` with its line (none: return)."""
    if config.keys and (problems := keymap_problems(config.keys)):
        raise config_error(config, problems)
