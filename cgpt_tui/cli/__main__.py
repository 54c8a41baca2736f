"""`python -m cgpt_tui.cli`: the same as the `cgpt-tui` command."""

import sys

from cgpt_tui.cli.main import main

sys.exit(main())
