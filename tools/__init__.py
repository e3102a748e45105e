"""Developers' tools that do not ship in the wheel: `python -m tools.i18n update` and so on."""
