"""``python -m pyroute2.decoder``: run the decoder CLI.

Rules: nothing here but the hand-over to :func:`pyroute2.decoder.main.main`.
"""

import sys

from pyroute2.decoder.main import main

sys.exit(main())
