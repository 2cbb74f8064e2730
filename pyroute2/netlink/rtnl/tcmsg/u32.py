"""u32: TCA_OPTIONS of the u32 classifier.

Role: the ``TCA_U32_*`` attributes and structs of ``linux/pkt_cls.h``.

Rules: declarations only. ``struct tc_u32_sel`` ends in a flexible array of
``nkeys`` ``struct tc_u32_key``; the codec has no declaration for a
variable trailing struct array, so TCA_U32_SEL is raw (``'hex'``) and the
layouts are given here (``tc_u32_sel``, ``tc_u32_key``) for callers that
unpack it themselves.
"""

from pyroute2.netlink import nla
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
        (5, 'TCA_U32_SEL', 'hex'),  # tc_u32_sel + nkeys * tc_u32_key
        (6, 'TCA_U32_POLICE', POLICE),
        (7, 'TCA_U32_ACT', ACT_ARRAY),
        (8, 'TCA_U32_INDEV', 'asciiz'),
        (9, 'TCA_U32_PCNT', 'hex'),  # tc_u32_pcnt + nkeys * u64
        (10, 'TCA_U32_MARK', 'tc_u32_mark'),
        (11, 'TCA_U32_FLAGS', 'uint32'),
        (12, 'TCA_U32_PAD', 'hex'),
    )

    class tc_u32_mark(nla):
        """struct tc_u32_mark (linux/pkt_cls.h)."""

        fields = (('val', 'I'), ('mask', 'I'), ('success', 'I'))


class tc_u32_sel(nla):
    """struct tc_u32_sel (linux/pkt_cls.h) without its ``keys[]``.

    16 bytes; ``nkeys`` struct tc_u32_key follow in TCA_U32_SEL.
    """

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


class tc_u32_key(nla):
    """struct tc_u32_key (linux/pkt_cls.h), 16 bytes."""

    fields = (
        ('mask', '>I'),
        ('val', '>I'),
        ('off', 'i'),
        ('offmask', 'i'),
    )
