"""Kernel refusals carry the errno and the kernel's own words.

Run as root: python3 examples/errors.py
Works inside a throwaway namespace.
"""

import sys

from pyroute2 import NetlinkError, NetNS
from pyroute2.netns import remove


def main(name: str = 'pyroute2-errors') -> None:
    try:
        with NetNS(name) as ns:
            try:
                ns.link('add', ifname='x' * 40, kind='veth', peer='y')
            except NetlinkError as err:
                print(err.code, err)  # 34 (ERANGE), with the extack text
            try:
                ns.route('add', dst='10.0.0.0/8', gateway='not-an-address')
            except ValueError as err:
                print('refused before sending:', err)
    finally:
        remove(name)


if __name__ == '__main__':
    main(*sys.argv[1:])
