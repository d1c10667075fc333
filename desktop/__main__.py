"""`python -m desktop` — the same as the `budget-desk` command."""

from __future__ import annotations

import os
import sys

from desktop.cli import main as cli_main

# Hidden option for start-up timing and smoke tests of an installed copy: open the window (and
# the file, if given), let it draw once, print the time taken to stderr and quit.
QUIT_AFTER_LOAD = "--quit-after-load"
QUIT_AFTER_LOAD_ENV = "BUDGET_DESK_QUIT_AFTER_LOAD"


def main(argv: list[str] | None = None) -> int:
    """Entry point of `budget-desk` and of the frozen bundle."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if QUIT_AFTER_LOAD in argv:
        argv.remove(QUIT_AFTER_LOAD)
        os.environ[QUIT_AFTER_LOAD_ENV] = "1"
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
