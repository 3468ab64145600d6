"""``python -m a2a`` runs the command line."""

import sys

from a2a.cli import main

sys.exit(main())
