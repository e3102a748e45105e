"""The docs stay true: the configuration reference is what the settings make."""

from __future__ import annotations

from tests.conftest import REPO
from tui import config_reference
from tui.core import config
from tui.core.settings import READER


def test_the_configuration_reference_is_up_to_date() -> None:
    written = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert written == config_reference.render(), (
        "docs/configuration.md is out of date; run: " + config_reference.REGENERATE
    )


def test_the_reference_has_every_table_and_key() -> None:
    reference = config_reference.render()
    for table in config._TABLES:
        title = "[[departments]]" if table == "departments" else f"[{table}]"
        assert f"## `{title}`" in reference, table
    for _title, cls in config_reference.tables():
        for field in cls.__dataclass_fields__.values():
            if READER in field.metadata:
                assert f"| `{field.name}` |" in reference, f"{cls.__name__}.{field.name}"
