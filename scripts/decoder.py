#!/usr/bin/env python3
"""Run the netlink decoder from a source checkout, without installing.

Usage: ``python scripts/decoder.py CODEC FILE [FILE ...] [--json]``, e.g.
``python scripts/decoder.py pyroute2.netlink.nfnetlink.ipset.ipset_msg
FILE``. Same as the ``pyroute2-decoder`` console script.

Rules: only puts the repository root first on ``sys.path`` (so this tree's
``pyroute2`` wins over an installed one) and hands over to the CLI.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyroute2.decoder.main import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main())
