"""Create a namespace, a veth pair, an address and a route in it.

Run as root: python3 examples/change_in_netns.py [NAME]
Nothing outside the namespace is touched; it is removed at the end.
"""

import sys

from pyroute2 import NetNS
from pyroute2.netns import remove


def main(name: str = 'pyroute2-example') -> None:
    try:
        with NetNS(name) as ns:  # created if missing
            ns.link('add', ifname='v0', kind='veth', peer='v1')
            (index,) = ns.link_lookup(ifname='v0')
            ns.link('set', index=index, state='up', mtu=1400)
            ns.addr('add', index=index, address='10.0.0.1', prefixlen=24)
            ns.route('add', dst='10.1.0.0/16', gateway='10.0.0.2')
            for route in ns.get_routes(dst='10.1.0.0'):
                print(route.get('dst'), route['dst_len'],
                      route.get('gateway'), route.get('oif'))
    finally:
        remove(name)


if __name__ == '__main__':
    main(*sys.argv[1:])
