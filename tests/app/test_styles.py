"""Each screen owns its styles: the first frame parses and applies only the inbox's rules."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

from tests.conftest import REPO
from tests.helpers.pilot import AppFactory, settle

SCREENS = REPO / "tui" / "screens"


def screen_classes() -> list[type[Screen[object]]]:
    classes = []
    for path in sorted(SCREENS.glob("*.py")):
        module = importlib.import_module(f"tui.screens.{path.stem}")
        classes += [
            cls
            for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, Screen) and cls.__module__ == module.__name__
        ]
    return classes


def css_files(cls: type[Screen[object]]) -> list[str]:
    css_path = cls.CSS_PATH
    if css_path is None:
        return []
    return [str(p) for p in css_path] if isinstance(css_path, list) else [str(css_path)]


def test_every_screen_but_the_inbox_brings_its_styles_shared_ones_first() -> None:
    for cls in screen_classes():
        files = css_files(cls)
        if cls.__name__ == "InboxScreen":
            assert files == [], "the inbox's rules are in app.tcss, parsed at start-up"
            continue
        assert files, f"{cls.__name__} has no CSS_PATH"
        for name in files:
            assert (SCREENS / name).is_file(), f"{cls.__name__}: {name} is missing"
        # A dialog's own rules override the shared ones of equal specificity only when its
        # file is read after them.
        if "dialogs.tcss" in files:
            assert files[0] == "dialogs.tcss", cls.__name__


def test_every_stylesheet_parses_with_the_theme_variables() -> None:
    variables = App().get_css_variables()
    for path in [REPO / "tui" / "app.tcss", *sorted(SCREENS.glob("*.tcss"))]:
        stylesheet = Stylesheet(variables=variables)
        stylesheet.read(path)
        stylesheet.parse()
        assert stylesheet.rules, path.name


async def test_start_up_reads_no_other_screens_styles(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        read = {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}
        assert read == {"app.tcss"}
        await pilot.press("question_mark")
        await settle(pilot)
        read = {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}
        assert read == {"app.tcss", "dialogs.tcss"}
