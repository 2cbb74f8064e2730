"""``python -m pyroute2.cli``: run the ``pyroute2`` command."""

import sys

from pyroute2.cli.main import main

if __name__ == '__main__':
    sys.exit(main())
