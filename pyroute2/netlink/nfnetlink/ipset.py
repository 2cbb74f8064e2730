"""ipset messages (nfnetlink subsystem NFNL_SUBSYS_IPSET).

Role: declare the messages the ``ipset`` tool and the kernel exchange, with
names from ``linux/netfilter/ipset/ip_set.h`` (and the type-specific error
codes of ``ip_set_bitmap.h``, ``ip_set_hash.h``, ``ip_set_list.h``), plus
the tables a socket needs: ``ipset_msg_map`` (nlmsg_type -> class) and
``ipset_errors`` (IPSET_ERR_* -> short meaning, for IPSetError).

Wire rules (checked against captures of ``ipset`` v7.17 on Linux 6.x):

- Containers (IPSET_ATTR_DATA, IPSET_ATTR_ADT, IPSET_ATTR_IP...) carry
  NLA_F_NESTED.
- Integers wider than a byte are big-endian and carry
  NLA_F_NET_BYTEORDER; u8 attributes, strings and MAC addresses carry no
  flag. Addresses are nested: IPSET_ATTR_IP -> IPSET_ATTR_IPADDR_IPV4/6
  (the tool flags those NLA_F_NET_BYTEORDER; recent kernels do not).
- The data attribute ids 17..26 mean different things in create data and
  in element (ADT) data, so IPSET_ATTR_DATA is decoded by
  ``ipset_create_data`` in CREATE/LIST/SAVE/HEADER messages and by
  ``ipset_adt_data`` in ADD/DEL/TEST and inside IPSET_ATTR_ADT: one
  message class per meaning (``ipset_msg``, ``ipset_adt_msg``), chosen by
  ``ipset_msg_map``. RENAME and SWAP name id 3 IPSET_ATTR_SETNAME2
  (``ipset_rename_msg``).

Rules: codec declarations and tables only; no sockets, no marshal import.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.constants import NLA_F_NESTED, NLA_F_NET_BYTEORDER
from pyroute2.netlink.nfnetlink import (
    NFNL_SUBSYS_IPSET,
    nfgen_msg,
    nfnl_msg_type,
)

# per-attribute encoding options (see module docstring)
_NEST = {'flags': NLA_F_NESTED}
_NBO = {'flags': NLA_F_NET_BYTEORDER}

# protocol versions and limits (ip_set.h)
IPSET_PROTOCOL = 7
IPSET_PROTOCOL_MIN = 6
IPSET_MAXNAMELEN = 32
IPSET_MAX_COMMENT_SIZE = 255
IPSET_INVALID_ID = 65535

# enum ipset_cmd: message types within the subsystem (ip_set.h)
IPSET_CMD_NONE = 0
IPSET_CMD_PROTOCOL = 1  # return protocol version
IPSET_CMD_CREATE = 2  # create a new (empty) set
IPSET_CMD_DESTROY = 3  # destroy a (empty) set
IPSET_CMD_FLUSH = 4  # remove all elements from a set
IPSET_CMD_RENAME = 5  # rename a set
IPSET_CMD_SWAP = 6  # swap two sets
IPSET_CMD_LIST = 7  # list sets
IPSET_CMD_SAVE = 8  # save sets
IPSET_CMD_ADD = 9  # add an element to a set
IPSET_CMD_DEL = 10  # delete an element from a set
IPSET_CMD_TEST = 11  # test an element in a set
IPSET_CMD_HEADER = 12  # get set header data only
IPSET_CMD_TYPE = 13  # get set type
IPSET_CMD_GET_BYNAME = 14  # get set index by name
IPSET_CMD_GET_BYINDEX = 15  # get set name by index
IPSET_MSG_MAX = 16

# attributes at command level (ip_set.h)
IPSET_ATTR_UNSPEC = 0
IPSET_ATTR_PROTOCOL = 1
IPSET_ATTR_SETNAME = 2
IPSET_ATTR_TYPENAME = 3
IPSET_ATTR_SETNAME2 = IPSET_ATTR_TYPENAME  # at rename/swap
IPSET_ATTR_REVISION = 4
IPSET_ATTR_FAMILY = 5
IPSET_ATTR_FLAGS = 6
IPSET_ATTR_DATA = 7
IPSET_ATTR_ADT = 8
IPSET_ATTR_LINENO = 9
IPSET_ATTR_PROTOCOL_MIN = 10
IPSET_ATTR_REVISION_MIN = IPSET_ATTR_PROTOCOL_MIN  # at IPSET_CMD_TYPE
IPSET_ATTR_INDEX = 11
IPSET_ATTR_CMD_MAX = 11

# CADT attributes: create and ADT data (ip_set.h)
IPSET_ATTR_IP = 1
IPSET_ATTR_IP_FROM = IPSET_ATTR_IP
IPSET_ATTR_IP_TO = 2
IPSET_ATTR_CIDR = 3
IPSET_ATTR_PORT = 4
IPSET_ATTR_PORT_FROM = IPSET_ATTR_PORT
IPSET_ATTR_PORT_TO = 5
IPSET_ATTR_TIMEOUT = 6
IPSET_ATTR_PROTO = 7
IPSET_ATTR_CADT_FLAGS = 8
IPSET_ATTR_CADT_LINENO = IPSET_ATTR_LINENO
IPSET_ATTR_MARK = 10
IPSET_ATTR_MARKMASK = 11
IPSET_ATTR_BITMASK = 12  # Linux >= 6.1 (seen on the wire)
IPSET_ATTR_CADT_MAX = 16
# create-only attributes
IPSET_ATTR_INITVAL = 17
IPSET_ATTR_HASHSIZE = 18
IPSET_ATTR_MAXELEM = 19
IPSET_ATTR_NETMASK = 20
IPSET_ATTR_BUCKETSIZE = 21
IPSET_ATTR_RESIZE = 22
IPSET_ATTR_SIZE = 23
# kernel-only (listing) attributes
IPSET_ATTR_ELEMENTS = 24
IPSET_ATTR_REFERENCES = 25
IPSET_ATTR_MEMSIZE = 26
IPSET_ATTR_CREATE_MAX = 26
# ADT-only attributes: the same ids as create-only ones, another meaning
IPSET_ATTR_ETHER = 17
IPSET_ATTR_NAME = 18
IPSET_ATTR_NAMEREF = 19
IPSET_ATTR_IP2 = 20
IPSET_ATTR_CIDR2 = 21
IPSET_ATTR_IP2_TO = 22
IPSET_ATTR_IFACE = 23
IPSET_ATTR_BYTES = 24
IPSET_ATTR_PACKETS = 25
IPSET_ATTR_COMMENT = 26
IPSET_ATTR_SKBMARK = 27
IPSET_ATTR_SKBPRIO = 28
IPSET_ATTR_SKBQUEUE = 29
IPSET_ATTR_PAD = 30
IPSET_ATTR_ADT_MAX = 30

# address attributes, inside IPSET_ATTR_IP and friends (ip_set.h)
IPSET_ATTR_IPADDR_IPV4 = 1
IPSET_ATTR_IPADDR_IPV6 = 2

# enum ipset_errno (ip_set.h); type-specific codes start at 4352
IPSET_ERR_PRIVATE = 4096
IPSET_ERR_PROTOCOL = 4097
IPSET_ERR_FIND_TYPE = 4098
IPSET_ERR_MAX_SETS = 4099
IPSET_ERR_BUSY = 4100
IPSET_ERR_EXIST_SETNAME2 = 4101
IPSET_ERR_TYPE_MISMATCH = 4102
IPSET_ERR_EXIST = 4103
IPSET_ERR_INVALID_CIDR = 4104
IPSET_ERR_INVALID_NETMASK = 4105
IPSET_ERR_INVALID_FAMILY = 4106
IPSET_ERR_TIMEOUT = 4107
IPSET_ERR_REFERENCED = 4108
IPSET_ERR_IPADDR_IPV4 = 4109
IPSET_ERR_IPADDR_IPV6 = 4110
IPSET_ERR_COUNTER = 4111
IPSET_ERR_COMMENT = 4112
IPSET_ERR_INVALID_MARKMASK = 4113
IPSET_ERR_SKBINFO = 4114
IPSET_ERR_TYPE_SPECIFIC = 4352
# ip_set_bitmap.h
IPSET_ERR_BITMAP_RANGE = 4352
IPSET_ERR_BITMAP_RANGE_SIZE = 4353
# ip_set_hash.h
IPSET_ERR_HASH_FULL = 4352
IPSET_ERR_HASH_ELEM = 4353
IPSET_ERR_INVALID_PROTO = 4354
IPSET_ERR_MISSING_PROTO = 4355
IPSET_ERR_HASH_RANGE_UNSUPPORTED = 4356
IPSET_ERR_HASH_RANGE = 4357
IPSET_ERR_BITMASK_NETMASK_EXCL = 4358  # Linux >= 6.1
# ip_set_list.h
IPSET_ERR_NAME = 4352
IPSET_ERR_LOOP = 4353
IPSET_ERR_BEFORE = 4354
IPSET_ERR_NAMEREF = 4355
IPSET_ERR_LIST_FULL = 4356
IPSET_ERR_REF_EXIST = 4357

# enum ipset_cmd_flags: IPSET_ATTR_FLAGS bits (ip_set.h)
IPSET_FLAG_EXIST = 1 << 0
IPSET_FLAG_LIST_SETNAME = 1 << 1
IPSET_FLAG_LIST_HEADER = 1 << 2
IPSET_FLAG_SKIP_COUNTER_UPDATE = 1 << 3
IPSET_FLAG_SKIP_SUBCOUNTER_UPDATE = 1 << 4
IPSET_FLAG_MATCH_COUNTERS = 1 << 5
IPSET_FLAG_RETURN_NOMATCH = 1 << 7
IPSET_FLAG_MAP_SKBMARK = 1 << 8
IPSET_FLAG_MAP_SKBPRIO = 1 << 9
IPSET_FLAG_MAP_SKBQUEUE = 1 << 10

# enum ipset_cadt_flags: IPSET_ATTR_CADT_FLAGS bits (ip_set.h)
IPSET_FLAG_BEFORE = 1 << 0
IPSET_FLAG_PHYSDEV = 1 << 1
IPSET_FLAG_NOMATCH = 1 << 2
IPSET_FLAG_WITH_COUNTERS = 1 << 3
IPSET_FLAG_WITH_COMMENT = 1 << 4
IPSET_FLAG_WITH_FORCEADD = 1 << 5
IPSET_FLAG_WITH_SKBINFO = 1 << 6
IPSET_FLAG_IFACE_WILDCARD = 1 << 7

# enum ipset_create_flags (ip_set.h)
IPSET_CREATE_FLAG_FORCEADD = 1 << 0
IPSET_CREATE_FLAG_BUCKETSIZE = 1 << 1

# IPSET_ERR_* -> short meaning, codes common to every set type
ipset_errors = {
    IPSET_ERR_PRIVATE: 'private ipset error',
    # the kernel could not parse the request: ip_set_core.c and the set
    # types return it for a missing, malformed or unexpected attribute,
    # such as an address of the other family or a part the type lacks
    IPSET_ERR_PROTOCOL: 'the kernel could not parse the request (an '
    'attribute is missing, malformed or does not fit the set: check the '
    'address family and the parts of the entry)',
    IPSET_ERR_FIND_TYPE: 'set type or revision not supported by kernel',
    IPSET_ERR_MAX_SETS: 'maximal number of sets reached',
    IPSET_ERR_BUSY: 'set is in use by the kernel',
    IPSET_ERR_EXIST_SETNAME2: 'second set name exists (rename) '
    'or is missing (swap)',
    IPSET_ERR_TYPE_MISMATCH: 'set types or families do not match',
    IPSET_ERR_EXIST: 'set or element already exists (missing for '
    'del/test)',
    IPSET_ERR_INVALID_CIDR: 'invalid CIDR prefix length',
    IPSET_ERR_INVALID_NETMASK: 'invalid netmask',
    IPSET_ERR_INVALID_FAMILY: 'invalid address family',
    IPSET_ERR_TIMEOUT: 'set has no timeout support',
    IPSET_ERR_REFERENCED: 'set is referenced and cannot be removed',
    IPSET_ERR_IPADDR_IPV4: 'an IPv4 address was expected',
    IPSET_ERR_IPADDR_IPV6: 'an IPv6 address was expected',
    IPSET_ERR_COUNTER: 'set has no counter support',
    IPSET_ERR_COMMENT: 'set has no comment support',
    IPSET_ERR_INVALID_MARKMASK: 'invalid mark mask',
    IPSET_ERR_SKBINFO: 'set has no skbinfo support',
}

# type-specific codes overlap: type name prefix -> {code: meaning}
ipset_type_errors = {
    'bitmap': {
        IPSET_ERR_BITMAP_RANGE: 'element is out of the range of the set',
        IPSET_ERR_BITMAP_RANGE_SIZE: 'range exceeds the size limit',
    },
    'hash': {
        IPSET_ERR_HASH_FULL: 'hash is full',
        IPSET_ERR_HASH_ELEM: 'null-valued element',
        IPSET_ERR_INVALID_PROTO: 'invalid protocol',
        IPSET_ERR_MISSING_PROTO: 'protocol missing but required',
        IPSET_ERR_HASH_RANGE_UNSUPPORTED: 'range not supported',
        IPSET_ERR_HASH_RANGE: 'invalid range',
        IPSET_ERR_BITMASK_NETMASK_EXCL: 'netmask and bitmask are '
        'mutually exclusive',
    },
    'list': {
        IPSET_ERR_NAME: 'set to add/delete/test does not exist',
        IPSET_ERR_LOOP: 'a list:set cannot be added to a list:set',
        IPSET_ERR_BEFORE: 'reference set is missing',
        IPSET_ERR_NAMEREF: 'reference set does not exist',
        IPSET_ERR_LIST_FULL: 'set is full',
        IPSET_ERR_REF_EXIST: 'reference set is not in the set',
    },
}


class ipset_ip(nla):
    """An address container (IPSET_ATTR_IP, IP_TO, IP2, IP2_TO, BITMASK).

    Holds one IPSET_ATTR_IPADDR_IPV4 or IPSET_ATTR_IPADDR_IPV6 (ip_set.h).
    """

    prefix = 'IPSET_ATTR_'
    nla_map = (
        (0, 'IPSET_ATTR_UNSPEC', 'none'),
        (1, 'IPSET_ATTR_IPADDR_IPV4', 'ip4addr', _NBO),
        (2, 'IPSET_ATTR_IPADDR_IPV6', 'ip6addr', _NBO),
    )


# CADT attributes shared by create and ADT data (ids 1..16, ip_set.h)
_CADT_MAP = (
    (0, 'IPSET_ATTR_UNSPEC', 'none'),
    (1, 'IPSET_ATTR_IP', 'ipset_ip', _NEST),  # alias IPSET_ATTR_IP_FROM
    (2, 'IPSET_ATTR_IP_TO', 'ipset_ip', _NEST),
    (3, 'IPSET_ATTR_CIDR', 'uint8'),
    (4, 'IPSET_ATTR_PORT', 'be16', _NBO),  # alias IPSET_ATTR_PORT_FROM
    (5, 'IPSET_ATTR_PORT_TO', 'be16', _NBO),
    (6, 'IPSET_ATTR_TIMEOUT', 'be32', _NBO),
    (7, 'IPSET_ATTR_PROTO', 'uint8'),
    (8, 'IPSET_ATTR_CADT_FLAGS', 'be32', _NBO),
    (9, 'IPSET_ATTR_CADT_LINENO', 'be32', _NBO),
    (10, 'IPSET_ATTR_MARK', 'be32', _NBO),
    (11, 'IPSET_ATTR_MARKMASK', 'be32', _NBO),
    (12, 'IPSET_ATTR_BITMASK', 'ipset_ip', _NEST),
)


class ipset_create_data(nla):
    """IPSET_ATTR_DATA of CREATE, and of LIST/SAVE/HEADER set headers.

    CADT attributes plus the create-only and kernel-only ones (ip_set.h).
    """

    prefix = 'IPSET_ATTR_'
    nla_map = _CADT_MAP + (
        (17, 'IPSET_ATTR_INITVAL', 'be32', _NBO),
        (18, 'IPSET_ATTR_HASHSIZE', 'be32', _NBO),
        (19, 'IPSET_ATTR_MAXELEM', 'be32', _NBO),
        (20, 'IPSET_ATTR_NETMASK', 'uint8'),
        (21, 'IPSET_ATTR_BUCKETSIZE', 'uint8'),
        (22, 'IPSET_ATTR_RESIZE', 'uint8'),
        (23, 'IPSET_ATTR_SIZE', 'be32', _NBO),
        (24, 'IPSET_ATTR_ELEMENTS', 'be32', _NBO),
        (25, 'IPSET_ATTR_REFERENCES', 'be32', _NBO),
        (26, 'IPSET_ATTR_MEMSIZE', 'be32', _NBO),
    )


def _skbmark_pair(data: nla) -> object:
    raw = data.get_attr('IPSET_ATTR_SKBMARK')
    if not isinstance(raw, int):
        return None
    return raw >> 32, raw & 0xFFFFFFFF


class ipset_adt_data(nla):
    """IPSET_ATTR_DATA of one element: ADD/DEL/TEST and listed entries.

    CADT attributes plus the ADT-only ones (ip_set.h). IPSET_ATTR_SKBMARK
    holds mark << 32 | mask; ``skbmark`` gives them as ``(mark, mask)``,
    the form ``IPSet.add(skbmark=...)`` takes.
    """

    prefix = 'IPSET_ATTR_'
    extra_keys = {'skbmark': _skbmark_pair}
    nla_map = _CADT_MAP + (
        (17, 'IPSET_ATTR_ETHER', 'l2addr'),
        (18, 'IPSET_ATTR_NAME', 'asciiz'),
        (19, 'IPSET_ATTR_NAMEREF', 'asciiz'),
        (20, 'IPSET_ATTR_IP2', 'ipset_ip', _NEST),
        (21, 'IPSET_ATTR_CIDR2', 'uint8'),
        (22, 'IPSET_ATTR_IP2_TO', 'ipset_ip', _NEST),
        (23, 'IPSET_ATTR_IFACE', 'asciiz'),
        (24, 'IPSET_ATTR_BYTES', 'be64', _NBO),
        (25, 'IPSET_ATTR_PACKETS', 'be64', _NBO),
        (26, 'IPSET_ATTR_COMMENT', 'asciiz'),
        (27, 'IPSET_ATTR_SKBMARK', 'be64', _NBO),
        (28, 'IPSET_ATTR_SKBPRIO', 'be32', _NBO),
        (29, 'IPSET_ATTR_SKBQUEUE', 'be16', _NBO),
        (30, 'IPSET_ATTR_PAD', 'none'),
    )


class ipset_adt(nla):
    """IPSET_ATTR_ADT: a container of IPSET_ATTR_DATA, one per element."""

    prefix = 'IPSET_ATTR_'
    nla_map = (
        (0, 'IPSET_ATTR_UNSPEC', 'none'),
        (7, 'IPSET_ATTR_DATA', 'ipset_adt_data', _NEST),
    )


def _cmd_map(data_type, name3='IPSET_ATTR_TYPENAME'):
    """Command-level nla_map with a given IPSET_ATTR_DATA type and id 3."""
    return (
        (0, 'IPSET_ATTR_UNSPEC', 'none'),
        (1, 'IPSET_ATTR_PROTOCOL', 'uint8'),
        (2, 'IPSET_ATTR_SETNAME', 'asciiz'),
        (3, name3, 'asciiz'),
        (4, 'IPSET_ATTR_REVISION', 'uint8'),
        (5, 'IPSET_ATTR_FAMILY', 'uint8'),
        (6, 'IPSET_ATTR_FLAGS', 'be32', _NBO),
        (7, 'IPSET_ATTR_DATA', data_type, _NEST),
        (8, 'IPSET_ATTR_ADT', 'ipset_adt', _NEST),
        (9, 'IPSET_ATTR_LINENO', 'be32', _NBO),
        # IPSET_ATTR_REVISION_MIN in IPSET_CMD_TYPE replies
        (10, 'IPSET_ATTR_PROTOCOL_MIN', 'uint8'),
        (11, 'IPSET_ATTR_INDEX', 'be16', _NBO),
    )


class ipset_msg(nfgen_msg):
    """An ipset message (ip_set.h), IPSET_ATTR_DATA read as create data.

    Used for PROTOCOL, CREATE, DESTROY, FLUSH, LIST, SAVE, HEADER, TYPE,
    GET_BYNAME and GET_BYINDEX; the nlmsg_type is
    ``nfnl_msg_type(NFNL_SUBSYS_IPSET, IPSET_CMD_*)``.
    """

    prefix = 'IPSET_ATTR_'
    nla_map = _cmd_map('ipset_create_data')


class ipset_adt_msg(ipset_msg):
    """An ADD, DEL or TEST message: IPSET_ATTR_DATA is an element."""

    nla_map = _cmd_map('ipset_adt_data')


class ipset_rename_msg(ipset_msg):
    """A RENAME or SWAP message: id 3 is IPSET_ATTR_SETNAME2."""

    nla_map = _cmd_map('ipset_create_data', 'IPSET_ATTR_SETNAME2')


_CMD_CLASS = {
    IPSET_CMD_RENAME: ipset_rename_msg,
    IPSET_CMD_SWAP: ipset_rename_msg,
    IPSET_CMD_ADD: ipset_adt_msg,
    IPSET_CMD_DEL: ipset_adt_msg,
    IPSET_CMD_TEST: ipset_adt_msg,
}

_CMD_NAMES = (
    'IPSET_CMD_NONE', 'IPSET_CMD_PROTOCOL', 'IPSET_CMD_CREATE',
    'IPSET_CMD_DESTROY', 'IPSET_CMD_FLUSH', 'IPSET_CMD_RENAME',
    'IPSET_CMD_SWAP', 'IPSET_CMD_LIST', 'IPSET_CMD_SAVE', 'IPSET_CMD_ADD',
    'IPSET_CMD_DEL', 'IPSET_CMD_TEST', 'IPSET_CMD_HEADER', 'IPSET_CMD_TYPE',
    'IPSET_CMD_GET_BYNAME', 'IPSET_CMD_GET_BYINDEX',
)

# nlmsg_type -> message class, for a Marshal's msg_map
ipset_msg_map = {
    nfnl_msg_type(NFNL_SUBSYS_IPSET, cmd): _CMD_CLASS.get(cmd, ipset_msg)
    for cmd in range(IPSET_CMD_PROTOCOL, IPSET_MSG_MAX)
}

# nlmsg_type -> IPSET_CMD_* name, for msg['event']
ipset_type_names = {
    nfnl_msg_type(NFNL_SUBSYS_IPSET, cmd): name
    for cmd, name in enumerate(_CMD_NAMES)
}

# every IPSET_* constant, the message classes and the tables
__all__ = sorted(
    [name for name in dir() if name.startswith('IPSET_')] +
    ['ipset_msg', 'ipset_adt_msg', 'ipset_rename_msg', 'ipset_msg_map',
     'ipset_type_names', 'ipset_errors', 'ipset_type_errors'])
