"""`python -m tui` runs the `timedialog` command."""

from tui.cli import run

run()
