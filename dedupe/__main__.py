"""python -m dedupe"""

import sys

from dedupe.cli import main

sys.exit(main())
