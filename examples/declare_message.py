"""Declare a message class as data, build it, decode it back.

Run: python3 examples/declare_message.py (no root, no socket)
"""

from pyroute2.netlink import nlmsg
from pyroute2.netlink.marshal import Marshal


class ifaddrmsg(nlmsg):
    """struct ifaddrmsg (linux/if_addr.h), two of its attributes."""

    prefix = 'IFA_'
    fields = (('family', 'B'), ('prefixlen', 'B'), ('flags', 'B'),
              ('scope', 'B'), ('index', 'I'))
    nla_map = ((1, 'IFA_ADDRESS', 'ipaddr'), (3, 'IFA_LABEL', 'asciiz'))


def main() -> None:
    msg = ifaddrmsg()
    msg['family'], msg['prefixlen'], msg['index'] = 2, 24, 1
    msg['header']['type'] = 20
    msg['attrs'] = [['IFA_ADDRESS', '10.0.0.1'], ['IFA_LABEL', 'eth0']]
    data = msg.encode()
    marshal = Marshal()
    marshal.register_policy(20, ifaddrmsg)
    (back,) = marshal.parse(data)
    print(back.get('address'), back.get('label'), back['prefixlen'])
    assert back.encode() == data


if __name__ == '__main__':
    main()
