"""The `timedialog` command: the app, and one module per subcommand.

`dispatch` reads the command line (a fast path when it only starts the app) and runs the
subcommand its table names; `start_app` opens the app; `common` holds what every subcommand
shares. A new subcommand is a module with a `COMMAND` and a line in `dispatch.SUBCOMMANDS`.

Imports inside functions here keep start-up light: building the parser loads every
subcommand's module, so each imports the core, Textual and the app only where it runs, and
starting the app loads no subcommand (`tests/unit/test_architecture.py` checks both).
"""

from tui.cli.dispatch import EXIT_BROKEN_PIPE, build_parser, main, parse_arguments, run

__all__ = ["EXIT_BROKEN_PIPE", "build_parser", "main", "parse_arguments", "run"]
