"""u32: TCA_OPTIONS of the u32 classifier.

Role: the ``TCA_U32_*`` attributes and structs of ``linux/pkt_cls.h``.

Rules: declarations only. ``struct tc_u32_sel`` ends in a flexible array of
``nkeys`` ``struct tc_u32_key``: declared as ``trailing`` records, the count
is filled in when encoding. ``struct tc_u32_pcnt`` (TCA_U32_PCNT) ends in
one u64 hit counter per key.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.records import nlrecord
from pyroute2.netlink.rtnl.tcmsg.act import ACT_ARRAY, POLICE

# tc_u32_sel.flags (linux/pkt_cls.h)
TC_U32_TERMINAL = 1
TC_U32_OFFSET = 2
TC_U32_VAROFFSET = 4
TC_U32_EAT = 8
TC_U32_ROOT = 0xFFF00000

__all__ = [
    'options',
    'tc_u32_sel',
    'tc_u32_key',
    'tc_u32_pcnt',
    'TC_U32_TERMINAL',
    'TC_U32_OFFSET',
    'TC_U32_VAROFFSET',
    'TC_U32_EAT',
    'TC_U32_ROOT',
]


class options(nla):
    """TCA_OPTIONS of kind 'u32': nested TCA_U32_* (linux/pkt_cls.h)."""

    prefix = 'TCA_U32_'
    nla_map = (
        (0, 'TCA_U32_UNSPEC', 'hex'),
        (1, 'TCA_U32_CLASSID', 'uint32'),
        (2, 'TCA_U32_HASH', 'uint32'),
        (3, 'TCA_U32_LINK', 'uint32'),
        (4, 'TCA_U32_DIVISOR', 'uint32'),
        (5, 'TCA_U32_SEL', 'tc_u32_sel'),
        (6, 'TCA_U32_POLICE', POLICE),
        (7, 'TCA_U32_ACT', ACT_ARRAY),
        (8, 'TCA_U32_INDEV', 'asciiz'),
        (9, 'TCA_U32_PCNT', 'tc_u32_pcnt'),
        (10, 'TCA_U32_MARK', 'tc_u32_mark'),
        (11, 'TCA_U32_FLAGS', 'uint32'),
        (12, 'TCA_U32_PAD', 'hex'),
    )

    class tc_u32_mark(nla):
        """struct tc_u32_mark (linux/pkt_cls.h)."""

        fields = (('val', 'I'), ('mask', 'I'), ('success', 'I'))


class tc_u32_sel(nla):
    """struct tc_u32_sel (linux/pkt_cls.h): 16 bytes, then ``keys``.

    ``nkeys`` struct tc_u32_key follow; they are the ``keys`` list.
    """

    trailing = ('keys', '*tc_u32_key', 'nkeys')
    fields = (
        ('flags', 'B'),
        ('offshift', 'B'),
        ('nkeys', 'B'),
        ('__pad', 'x'),
        ('offmask', '>H'),
        ('off', 'H'),
        ('offoff', 'h'),
        ('hoff', 'h'),
        ('hmask', '>I'),
    )


class tc_u32_key(nlrecord):
    """struct tc_u32_key (linux/pkt_cls.h), 16 bytes."""

    fields = (
        ('mask', '>I'),
        ('val', '>I'),
        ('off', 'i'),
        ('offmask', 'i'),
    )


class tc_u32_pcnt(nla):
    """struct tc_u32_pcnt (linux/pkt_cls.h): ``kcnts`` holds one u64 per
    key (the kernel sends it only with CONFIG_CLS_U32_PERF)."""

    fields = (('rcnt', 'Q'), ('rhit', 'Q'))
    trailing = ('kcnts', 'array(uint64)')
