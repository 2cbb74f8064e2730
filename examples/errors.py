"""Kernel refusals carry the errno and the kernel's own words; bad
arguments are refused before anything is sent.

Run as root: python3 examples/errors.py
Works inside a throwaway namespace.
"""

import sys

from pyroute2 import NetlinkError, NetNS
from pyroute2.netns import remove


def main(name: str = 'pyroute2-errors') -> None:
    try:
        with NetNS(name) as ns:
            ns.link('add', ifname='v0', kind='veth', peer='v1')
            try:
                ns.link('set', ifname='v0', mtu=1000000)
            except NetlinkError as err:
                # 22 (EINVAL), with the kernel's extended-ACK text
                print(err.code, err)
            try:
                ns.link('add', ifname='x' * 40, kind='veth', peer='y')
            except ValueError as err:
                print('refused before sending:', err)
            try:
                ns.route('add', dst='10.0.0.0/8', gateway='not-an-address')
            except ValueError as err:
                print('refused before sending:', err)
    finally:
        remove(name)


if __name__ == '__main__':
    main(*sys.argv[1:])
