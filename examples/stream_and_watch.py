"""Stream a table without building a list; watch events as they come.

Run as root: python3 examples/stream_and_watch.py
"""

import sys
import threading

from pyroute2 import NetNS
from pyroute2.netns import remove


def main(name: str = 'pyroute2-watch') -> None:
    try:
        with NetNS(name) as ns, NetNS(name) as watcher:
            ns.link('add', ifname='v0', kind='veth', peer='v1')
            (index,) = ns.link_lookup(ifname='v0')
            ns.link('set', index=index, state='up')
            ns.addr('add', index=index, address='10.0.0.1', prefixlen=24)
            for i in range(100):
                ns.route('add', dst='10.9.%d.0/24' % i, gateway='10.0.0.2')
            print('routes:', sum(1 for _ in ns.dump_routes(table=254)))

            watcher.bind()  # links, addresses, routes, neighbours, rules
            adder = threading.Thread(
                target=ns.addr, args=('add',),
                kwargs={'index': index, 'address': '10.0.0.7',
                        'prefixlen': 24})
            adder.start()
            for msg in watcher.get():
                if msg['event'] == 'RTM_NEWADDR':
                    print(msg['event'], msg.get('address'))
                    break
            adder.join()
    finally:
        remove(name)


if __name__ == '__main__':
    main(*sys.argv[1:])
