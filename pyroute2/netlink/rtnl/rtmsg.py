"""rtmsg: route messages (RTM_NEWROUTE/DELROUTE/GETROUTE).

Role: declare ``struct rtmsg`` and its ``RTA_*`` attributes as data for the
generic codec, names verbatim from ``linux/rtnetlink.h``; the route metrics
(``RTAX_*``, same header), the next hop flags (``RTNH_F_*``), and the
lightweight tunnel encapsulations selected by ``RTA_ENCAP_TYPE``
(``linux/lwtunnel.h``, ``linux/mpls_iptunnel.h``, ``linux/seg6_iptunnel.h``).

Rules: declarations only, no logic, no sockets. Payloads the codec cannot
describe structurally are declared ``'hex'`` so they round-trip unchanged;
each such case says why in a comment.
"""

from pyroute2.netlink import nla, nlmsg
from pyroute2.netlink.records import nlrecord

# rtnh_flags (linux/rtnetlink.h)
RTNH_F_DEAD = 1
RTNH_F_PERVASIVE = 2
RTNH_F_ONLINK = 4
RTNH_F_OFFLOAD = 8
RTNH_F_LINKDOWN = 16
RTNH_F_UNRESOLVED = 32
RTNH_F_TRAP = 64

# RTA_ENCAP_TYPE values (linux/lwtunnel.h, enum lwtunnel_encap_types)
LWTUNNEL_ENCAP_NONE = 0
LWTUNNEL_ENCAP_MPLS = 1
LWTUNNEL_ENCAP_IP = 2
LWTUNNEL_ENCAP_ILA = 3
LWTUNNEL_ENCAP_IP6 = 4
LWTUNNEL_ENCAP_SEG6 = 5
LWTUNNEL_ENCAP_BPF = 6
LWTUNNEL_ENCAP_SEG6_LOCAL = 7
LWTUNNEL_ENCAP_RPL = 8
LWTUNNEL_ENCAP_IOAM6 = 9
LWTUNNEL_ENCAP_XFRM = 10

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
        (22, 'RTA_ENCAP', 'hex'),  # selected by RTA_ENCAP_TYPE
        (23, 'RTA_EXPIRES', 'uint32'),
        (24, 'RTA_PAD', 'hex'),
        (25, 'RTA_UID', 'uint32'),
        (26, 'RTA_TTL_PROPAGATE', 'uint8'),
        (27, 'RTA_IP_PROTO', 'uint8'),
        (28, 'RTA_SPORT', 'be16'),
        (29, 'RTA_DPORT', 'be16'),
        (30, 'RTA_NH_ID', 'uint32'),
    )
    nla_select = {
        'RTA_ENCAP': (
            'RTA_ENCAP_TYPE',
            {
                LWTUNNEL_ENCAP_MPLS: 'mpls_encap',
                LWTUNNEL_ENCAP_IP: 'ip_encap',
                LWTUNNEL_ENCAP_IP6: 'ip6_encap',
                LWTUNNEL_ENCAP_SEG6: 'seg6_encap',
                LWTUNNEL_ENCAP_BPF: 'bpf_encap',
                LWTUNNEL_ENCAP_XFRM: 'xfrm_encap',
            },
        ),
    }

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

    class mpls_encap(nla):
        """RTA_ENCAP for LWTUNNEL_ENCAP_MPLS (linux/mpls_iptunnel.h)."""

        prefix = 'MPLS_IPTUNNEL_'
        nla_map = (
            (0, 'MPLS_IPTUNNEL_UNSPEC', 'hex'),
            (1, 'MPLS_IPTUNNEL_DST', 'hex'),  # label stack entries
            (2, 'MPLS_IPTUNNEL_TTL', 'uint8'),
        )

    class seg6_encap(nla):
        """RTA_ENCAP for LWTUNNEL_ENCAP_SEG6 (linux/seg6_iptunnel.h)."""

        prefix = 'SEG6_IPTUNNEL_'
        nla_map = (
            (0, 'SEG6_IPTUNNEL_UNSPEC', 'hex'),
            # struct seg6_iptunnel_encap: int mode + struct ipv6_sr_hdr
            (1, 'SEG6_IPTUNNEL_SRH', 'hex'),
        )

    class ip_encap(nla):
        """RTA_ENCAP for LWTUNNEL_ENCAP_IP (linux/lwtunnel.h)."""

        prefix = 'LWTUNNEL_IP_'
        nla_map = (
            (0, 'LWTUNNEL_IP_UNSPEC', 'hex'),
            (1, 'LWTUNNEL_IP_ID', 'be64'),
            (2, 'LWTUNNEL_IP_DST', 'ip4addr'),
            (3, 'LWTUNNEL_IP_SRC', 'ip4addr'),
            (4, 'LWTUNNEL_IP_TTL', 'uint8'),
            (5, 'LWTUNNEL_IP_TOS', 'uint8'),
            (6, 'LWTUNNEL_IP_FLAGS', 'be16'),
            (7, 'LWTUNNEL_IP_PAD', 'hex'),
            (8, 'LWTUNNEL_IP_OPTS', 'hex'),
        )

    class ip6_encap(nla):
        """RTA_ENCAP for LWTUNNEL_ENCAP_IP6 (linux/lwtunnel.h)."""

        prefix = 'LWTUNNEL_IP6_'
        nla_map = (
            (0, 'LWTUNNEL_IP6_UNSPEC', 'hex'),
            (1, 'LWTUNNEL_IP6_ID', 'be64'),
            (2, 'LWTUNNEL_IP6_DST', 'ip6addr'),
            (3, 'LWTUNNEL_IP6_SRC', 'ip6addr'),
            (4, 'LWTUNNEL_IP6_HOPLIMIT', 'uint8'),
            (5, 'LWTUNNEL_IP6_TC', 'uint8'),
            (6, 'LWTUNNEL_IP6_FLAGS', 'be16'),
            (7, 'LWTUNNEL_IP6_PAD', 'hex'),
            (8, 'LWTUNNEL_IP6_OPTS', 'hex'),
        )

    class bpf_encap(nla):
        """RTA_ENCAP for LWTUNNEL_ENCAP_BPF (linux/lwtunnel.h)."""

        prefix = 'LWT_BPF_'
        nla_map = (
            (0, 'LWT_BPF_UNSPEC', 'hex'),
            (1, 'LWT_BPF_IN', 'bpf_prog'),
            (2, 'LWT_BPF_OUT', 'bpf_prog'),
            (3, 'LWT_BPF_XMIT', 'bpf_prog'),
            (4, 'LWT_BPF_XMIT_HEADROOM', 'uint32'),
        )

        class bpf_prog(nla):
            """LWT_BPF_IN/OUT/XMIT: nested LWT_BPF_PROG_*."""

            prefix = 'LWT_BPF_PROG_'
            nla_map = (
                (0, 'LWT_BPF_PROG_UNSPEC', 'hex'),
                (1, 'LWT_BPF_PROG_FD', 'uint32'),
                (2, 'LWT_BPF_PROG_NAME', 'asciiz'),
            )

    class xfrm_encap(nla):
        """RTA_ENCAP for LWTUNNEL_ENCAP_XFRM (linux/lwtunnel.h)."""

        prefix = 'LWT_XFRM_'
        nla_map = (
            (0, 'LWT_XFRM_UNSPEC', 'hex'),
            (1, 'LWT_XFRM_IF_ID', 'uint32'),
            (2, 'LWT_XFRM_LINK', 'uint32'),
        )

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
        nla_map = (
            (0, 'RTA_UNSPEC', 'hex'),
            (1, 'RTA_DST', 'target'),
            (5, 'RTA_GATEWAY', 'target'),
            (11, 'RTA_FLOW', 'uint32'),
            (18, 'RTA_VIA', 'rtvia'),
            (19, 'RTA_NEWDST', 'hex'),
            (21, 'RTA_ENCAP_TYPE', 'uint16'),
            (22, 'RTA_ENCAP', 'hex'),  # per hop encap: kept raw
        )
