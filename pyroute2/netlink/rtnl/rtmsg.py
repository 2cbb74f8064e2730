"""rtmsg: route messages (RTM_NEWROUTE/DELROUTE/GETROUTE).

Role: declare ``struct rtmsg`` and its ``RTA_*`` attributes as data for the
generic codec, names verbatim from ``linux/rtnetlink.h``; the route metrics
(``RTAX_*``, same header) and the next hop flags (``RTNH_F_*``).
``RTA_ENCAP`` (also per hop, in RTA_MULTIPATH) is selected by
``RTA_ENCAP_TYPE`` from ``lwtunnel.ENCAP_TYPES`` (``lwtunnel.py``: MPLS,
seg6, seg6local, ip, ip6, bpf, xfrm); the encap classes stay reachable as
``rtmsg.mpls_encap`` etc. and the ``LWTUNNEL_ENCAP_*`` constants are
re-exported here.

Rules: declarations only, no logic, no sockets. Payloads the codec cannot
describe structurally are declared ``'hex'`` so they round-trip unchanged;
each such case says why in a comment.
"""

from pyroute2.netlink import nla, nlmsg
from pyroute2.netlink.constants import NLA_F_NESTED
from pyroute2.netlink.records import nlrecord
from pyroute2.netlink.rtnl import lwtunnel
from pyroute2.netlink.rtnl.lwtunnel import (
    LWTUNNEL_ENCAP_BPF,
    LWTUNNEL_ENCAP_ILA,
    LWTUNNEL_ENCAP_IOAM6,
    LWTUNNEL_ENCAP_IP,
    LWTUNNEL_ENCAP_IP6,
    LWTUNNEL_ENCAP_MPLS,
    LWTUNNEL_ENCAP_NONE,
    LWTUNNEL_ENCAP_RPL,
    LWTUNNEL_ENCAP_SEG6,
    LWTUNNEL_ENCAP_SEG6_LOCAL,
    LWTUNNEL_ENCAP_XFRM,
)

# rtnh_flags (linux/rtnetlink.h)
RTNH_F_DEAD = 1
RTNH_F_PERVASIVE = 2
RTNH_F_ONLINK = 4
RTNH_F_OFFLOAD = 8
RTNH_F_LINKDOWN = 16
RTNH_F_UNRESOLVED = 32
RTNH_F_TRAP = 64

__all__ = [
    'rtmsg',
    'rtvia',
    'RTNH_F_DEAD',
    'RTNH_F_PERVASIVE',
    'RTNH_F_ONLINK',
    'RTNH_F_OFFLOAD',
    'RTNH_F_LINKDOWN',
    'RTNH_F_UNRESOLVED',
    'RTNH_F_TRAP',
    'LWTUNNEL_ENCAP_NONE',
    'LWTUNNEL_ENCAP_MPLS',
    'LWTUNNEL_ENCAP_IP',
    'LWTUNNEL_ENCAP_ILA',
    'LWTUNNEL_ENCAP_IP6',
    'LWTUNNEL_ENCAP_SEG6',
    'LWTUNNEL_ENCAP_BPF',
    'LWTUNNEL_ENCAP_SEG6_LOCAL',
    'LWTUNNEL_ENCAP_RPL',
    'LWTUNNEL_ENCAP_IOAM6',
    'LWTUNNEL_ENCAP_XFRM',
]


class rtvia(nla):
    """struct rtvia (linux/rtnetlink.h): a family and its address.

    ::

        struct rtvia {
            __kernel_sa_family_t rtvia_family;
            __u8                 rtvia_addr[];
        };
    """

    fields = (('family', 'H'),)
    trailing = ('addr', 'ipaddr')


class rtmsg(nlmsg):
    """struct rtmsg (linux/rtnetlink.h).

    ::

        struct rtmsg {
            unsigned char rtm_family;
            unsigned char rtm_dst_len;
            unsigned char rtm_src_len;
            unsigned char rtm_tos;
            unsigned char rtm_table;     /* RTA_TABLE for ids > 255 */
            unsigned char rtm_protocol;  /* RTPROT_* */
            unsigned char rtm_scope;     /* RT_SCOPE_* */
            unsigned char rtm_type;      /* RTN_* */
            unsigned      rtm_flags;     /* RTM_F_* */
        };
    """

    prefix = 'RTA_'
    fields = (
        ('family', 'B'),
        ('dst_len', 'B'),
        ('src_len', 'B'),
        ('tos', 'B'),
        ('table', 'B'),
        ('proto', 'B'),
        ('scope', 'B'),
        ('type', 'B'),
        ('flags', 'I'),
    )
    nla_map = (
        (0, 'RTA_UNSPEC', 'hex'),
        (1, 'RTA_DST', 'target'),
        (2, 'RTA_SRC', 'target'),
        (3, 'RTA_IIF', 'uint32'),
        (4, 'RTA_OIF', 'uint32'),
        (5, 'RTA_GATEWAY', 'target'),
        (6, 'RTA_PRIORITY', 'uint32'),
        (7, 'RTA_PREFSRC', 'target'),
        (8, 'RTA_METRICS', 'metrics'),
        # an array of struct rtnexthop, each followed by its own RTA_*
        # attributes; see rtnexthop below
        (9, 'RTA_MULTIPATH', '*rtnexthop'),
        (10, 'RTA_PROTOINFO', 'hex'),  # no longer used
        (11, 'RTA_FLOW', 'uint32'),
        (12, 'RTA_CACHEINFO', 'cacheinfo'),
        (13, 'RTA_SESSION', 'hex'),  # no longer used
        (14, 'RTA_MP_ALGO', 'hex'),  # no longer used
        (15, 'RTA_TABLE', 'uint32'),
        (16, 'RTA_MARK', 'uint32'),
        (17, 'RTA_MFC_STATS', 'mfc_stats'),
        # struct rtvia: __kernel_sa_family_t + a variable length address
        (18, 'RTA_VIA', 'rtvia'),
        (19, 'RTA_NEWDST', 'hex'),  # MPLS label stack, raw
        (20, 'RTA_PREF', 'uint8'),
        (21, 'RTA_ENCAP_TYPE', 'uint16'),
        # selected by RTA_ENCAP_TYPE (nla_select); raw for other types
        (22, 'RTA_ENCAP', 'hex', {'flags': NLA_F_NESTED}),
        (23, 'RTA_EXPIRES', 'uint32'),
        (24, 'RTA_PAD', 'hex'),
        (25, 'RTA_UID', 'uint32'),
        (26, 'RTA_TTL_PROPAGATE', 'uint8'),
        (27, 'RTA_IP_PROTO', 'uint8'),
        (28, 'RTA_SPORT', 'be16'),
        (29, 'RTA_DPORT', 'be16'),
        (30, 'RTA_NH_ID', 'uint32'),
    )
    nla_select = {'RTA_ENCAP': ('RTA_ENCAP_TYPE', lwtunnel.ENCAP_TYPES)}

    class metrics(nla):
        """RTA_METRICS: nested RTAX_* (linux/rtnetlink.h)."""

        prefix = 'RTAX_'
        nla_map = (
            (0, 'RTAX_UNSPEC', 'hex'),
            (1, 'RTAX_LOCK', 'uint32'),
            (2, 'RTAX_MTU', 'uint32'),
            (3, 'RTAX_WINDOW', 'uint32'),
            (4, 'RTAX_RTT', 'uint32'),
            (5, 'RTAX_RTTVAR', 'uint32'),
            (6, 'RTAX_SSTHRESH', 'uint32'),
            (7, 'RTAX_CWND', 'uint32'),
            (8, 'RTAX_ADVMSS', 'uint32'),
            (9, 'RTAX_REORDERING', 'uint32'),
            (10, 'RTAX_HOPLIMIT', 'uint32'),
            (11, 'RTAX_INITCWND', 'uint32'),
            (12, 'RTAX_FEATURES', 'uint32'),
            (13, 'RTAX_RTO_MIN', 'uint32'),
            (14, 'RTAX_INITRWND', 'uint32'),
            (15, 'RTAX_QUICKACK', 'uint32'),
            (16, 'RTAX_CC_ALGO', 'asciiz'),
            (17, 'RTAX_FASTOPEN_NO_COOKIE', 'uint32'),
        )

    class cacheinfo(nla):
        """struct rta_cacheinfo (linux/rtnetlink.h)."""

        fields = (
            ('rta_clntref', 'I'),
            ('rta_lastuse', 'I'),
            ('rta_expires', 'i'),
            ('rta_error', 'I'),
            ('rta_used', 'I'),
            ('rta_id', 'I'),
            ('rta_ts', 'I'),
            ('rta_tsage', 'I'),
        )

    class mfc_stats(nla):
        """struct rta_mfc_stats (linux/rtnetlink.h)."""

        fields = (
            ('mfcs_packets', 'Q'),
            ('mfcs_bytes', 'Q'),
            ('mfcs_wrong_if', 'Q'),
        )

    # the RTA_ENCAP payloads (lwtunnel.py), under their former names
    mpls_encap = lwtunnel.mpls_encap
    seg6_encap = lwtunnel.seg6_encap
    seg6local_encap = lwtunnel.seg6local_encap
    ip_encap = lwtunnel.ip_encap
    ip6_encap = lwtunnel.ip6_encap
    bpf_encap = lwtunnel.bpf_encap
    xfrm_encap = lwtunnel.xfrm_encap

    class rtnexthop(nlrecord):
        """struct rtnexthop (linux/rtnetlink.h), one RTA_MULTIPATH entry.

        ::

            struct rtnexthop {
                unsigned short rtnh_len;
                unsigned char  rtnh_flags;  /* RTNH_F_* */
                unsigned char  rtnh_hops;
                int            rtnh_ifindex;
            };

        followed by RTA_* attributes (RTA_GATEWAY, RTA_VIA, RTA_NEWDST,
        RTA_FLOW, RTA_ENCAP_TYPE, RTA_ENCAP) up to ``rtnh_len``.
        """

        prefix = 'RTA_'
        length_field = 'rtnh_len'
        fields = (
            ('rtnh_len', 'H'),
            ('flags', 'B'),
            ('hops', 'B'),
            ('ifindex', 'i'),
        )
        # the classic name of the hop's interface, read as ``hop['oif']``
        extra_keys = {'oif': lambda hop: hop.get('ifindex')}
        nla_map = (
            (0, 'RTA_UNSPEC', 'hex'),
            (1, 'RTA_DST', 'target'),
            (5, 'RTA_GATEWAY', 'target'),
            (11, 'RTA_FLOW', 'uint32'),
            (18, 'RTA_VIA', 'rtvia'),
            (19, 'RTA_NEWDST', 'hex'),
            (21, 'RTA_ENCAP_TYPE', 'uint16'),
            (22, 'RTA_ENCAP', 'hex', {'flags': NLA_F_NESTED}),
        )
        nla_select = {'RTA_ENCAP': ('RTA_ENCAP_TYPE', lwtunnel.ENCAP_TYPES)}
