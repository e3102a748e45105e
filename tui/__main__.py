"""`python -m tui` runs the `timedialog` command."""

import sys

from tui.cli import main

sys.exit(main())
