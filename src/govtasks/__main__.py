"""``python -m govtasks``: the same as the ``govtasks`` command."""

import sys

from govtasks.cli import main

sys.exit(main())
