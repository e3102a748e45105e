"""`[keys]`: remapping any binding by its id, checked with line numbers, shown in `?`."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.pilot import AppFactory, screen_text, settle
from tui.cli import main
from tui.core.config.config import ConfigError, parse_config_text
from tui.core.workflow.inbox import Inbox
from tui.keymap import bindings_by_id, keymap_problems, scopes
from tui.keys import is_key, normalise
from tui.screens.help import HelpScreen


def reasons(keys: list[tuple[str, str]]) -> list[str]:
    return [problem.reason for problem in keymap_problems(keys)]


def test_keys_table_takes_a_key_a_list_or_comma_separated_keys() -> None:
    config = parse_config_text('[keys]\ncopy_reply = "f2"\nhelp = ["f1", "?"]\nquit = "q, f10"\n')
    assert config.keys == (("copy_reply", "f2"), ("help", "f1,?"), ("quit", "q,f10"))


def test_keys_that_are_not_text_are_named_with_their_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config_text('[keys]\ncopy_reply = "f2"\nhelp = 1\n')
    assert "linje 3: [keys] help: skriv tasten som tekst" in str(caught.value)


def test_every_binding_has_an_id_and_no_two_actions_share_one() -> None:
    known = bindings_by_id()
    assert {"copy_reply", "templates", "help", "quit", "inbox.down", "picker.copy"} <= set(known)
    for scope in scopes():
        for node in scope.nodes:
            for binding in (
                node.__dict__.get("BINDINGS", []) if node.__module__.startswith("tui.") else []
            ):
                assert not isinstance(binding, tuple), f"{node.__name__}: a binding without id"
                assert binding.id, f"{node.__name__}: {binding.key} has no id"
                assert known[binding.id].action == binding.action, binding.id


def test_the_configuration_reference_lists_every_id() -> None:
    readme = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    # A numbered series is listed by its first and last: picker.copy_1 … picker.copy_9.
    unlisted = [
        binding_id
        for binding_id in bindings_by_id()
        if f"`{re.sub(r'[2-8]$', '1', binding_id)}`" not in readme
    ]
    assert not unlisted


def test_the_shipped_keys_have_no_problems() -> None:
    assert keymap_problems([]) == []
    assert keymap_problems([("copy_reply", "f2"), ("help", "f1,?")]) == []


def test_two_bindings_can_swap_keys() -> None:
    assert keymap_problems([("copy_reply", "t"), ("templates", "c")]) == []


def test_unknown_id_suggests_the_nearest() -> None:
    assert reasons([("copyreply", "x")]) == ["ukjent handling «copyreply» – mente du «copy_reply»?"]


def test_a_key_that_is_no_key_is_refused() -> None:
    assert reasons([("help", "ctrl+shoe")]) == [
        "help: «ctrl+shoe» er ikke en tast (for eksempel «f2», «ctrl+s», «x»)"
    ]
    assert is_key("ctrl+s")
    assert is_key("question_mark")
    assert is_key("f12")
    assert not is_key("ctrl+")
    assert normalise("?, ctrl+s") == ["question_mark", "ctrl+s"]


def test_clashes_name_the_other_binding_and_where() -> None:
    assert reasons([("copy_reply", "t")]) == [
        "copy_reply: tasten t brukes allerede til «Tekster» (templates) i innboksen"
    ]
    assert reasons([("copy_reply", "f2"), ("templates", "f2")]) == [
        "copy_reply: tasten f2 brukes allerede til «Tekster» (templates) i innboksen"
    ]
    # The focused list's own keys count: j moves down in the inbox.
    assert reasons([("quit", "j")]) == [
        "quit: tasten j brukes allerede til «Ned» (inbox.down) i innboksen"
    ]
    assert reasons([("forward", "ctrl+p")]) == [
        "forward: tasten ctrl+p brukes allerede til «kommandopaletten» i innboksen"
    ]
    assert reasons([("picker.copy", "escape")]) == [
        "picker.copy: tasten esc brukes allerede til «Lukk» (picker.close) i tekstvelgeren"
    ]


def test_a_key_used_on_another_screen_is_no_clash() -> None:
    # `space` ticks the checklist; in the inbox it is free.
    assert keymap_problems([("copy_reply", "space")]) == []


def test_config_check_reports_key_problems_with_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[general]\nclaim_minutes = 30\n\n[keys]\ncopy_reply = "t"\nbogus = "x"\n',
        encoding="utf-8",
    )
    assert main(["config", "check", "--config", str(path)]) == 1
    err = capsys.readouterr().err
    assert "har 2 feil" in err
    assert "linje 5: [keys] copy_reply: tasten t brukes allerede til «Tekster»" in err
    assert "linje 6: [keys] ukjent handling «bogus»" in err
    # The app refuses to start with the same words, before the full screen opens.
    assert main(["--config", str(path), "--db", str(tmp_path / "inbox.json")]) == 2
    assert "linje 5: [keys] copy_reply" in capsys.readouterr().err


async def test_remapped_keys_act_and_show_in_footer_and_help(
    make_app: AppFactory, demo_inbox: Inbox
) -> None:
    config = replace(demo_inbox.config, keys=(("copy_reply", "f2"), ("help", "f1")))
    app = make_app(Inbox(demo_inbox.store, config, demo_inbox.user, demo_inbox.clock))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "f2 Kopier" in footer
        assert "f1 Hjelp" in footer
        assert "c Kopier" not in footer
        await pilot.press("c")
        await settle(pilot)
        assert not app._notifications, "c no longer copies"
        await pilot.press("f2")
        await settle(pilot)
        assert any("Kopiert" in n.title for n in app._notifications)
        await pilot.press("question_mark")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert isinstance(app.screen, HelpScreen)
        help_text = " ".join(app.screen.source.split())
        assert "`f2` Kopier svarforslaget" in help_text
        assert "`f1` Taster og regler" in help_text
        await pilot.press("escape")
        await settle(pilot)
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Kopier (f2)" in commands
        assert "Tekster (t)" in commands
