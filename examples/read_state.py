"""Read links and routes of the current namespace (read-only).

Run: python3 examples/read_state.py
"""

from pyroute2 import IPRoute


def main() -> None:
    with IPRoute() as ipr:
        for link in ipr.get_links():
            print(link['index'], link.get('ifname'), link.get('mtu'),
                  link['state'])
        for route in ipr.get_routes(table=254):
            print(route.get('dst'), route['dst_len'], route.get('gateway'))


if __name__ == '__main__':
    main()
