"""nhmsg: next hop object messages (RTM_NEWNEXTHOP/DELNEXTHOP/GETNEXTHOP).

Role: declare ``struct nhmsg`` and its ``NHA_*`` attributes as data for the
generic codec, names verbatim from ``linux/nexthop.h``. Encapsulation
(``NHA_ENCAP`` by ``NHA_ENCAP_TYPE``) reuses the route encap classes.

Rules: declarations only, no logic, no sockets. Attributes newer than the
header (NHA_OP_FLAGS, NHA_GROUP_STATS, ...) are kept raw by the codec.
"""

from pyroute2.netlink import nla, nlmsg
from pyroute2.netlink.records import nlrecord
from pyroute2.netlink.rtnl.rtmsg import rtmsg

# NHA_GROUP_TYPE values (linux/nexthop.h)
NEXTHOP_GRP_TYPE_MPATH = 0
NEXTHOP_GRP_TYPE_RES = 1

__all__ = ['nhmsg', 'NEXTHOP_GRP_TYPE_MPATH', 'NEXTHOP_GRP_TYPE_RES']


class nhmsg(nlmsg):
    """struct nhmsg (linux/nexthop.h).

    ::

        struct nhmsg {
            unsigned char nh_family;
            unsigned char nh_scope;
            unsigned char nh_protocol;
            unsigned char resvd;
            unsigned int  nh_flags;   /* RTNH_F_* */
        };
    """

    prefix = 'NHA_'
    fields = (
        ('family', 'B'),
        ('scope', 'B'),
        ('protocol', 'B'),
        ('resvd', 'B'),
        ('flags', 'I'),
    )
    nla_map = (
        (0, 'NHA_UNSPEC', 'hex'),
        (1, 'NHA_ID', 'uint32'),
        # array of struct nexthop_grp (8 bytes each, no headers)
        (2, 'NHA_GROUP', '*nexthop_grp'),
        (3, 'NHA_GROUP_TYPE', 'uint16'),
        (4, 'NHA_BLACKHOLE', 'flag'),
        (5, 'NHA_OIF', 'uint32'),
        (6, 'NHA_GATEWAY', 'target'),
        (7, 'NHA_ENCAP_TYPE', 'uint16'),
        (8, 'NHA_ENCAP', 'hex'),
        (9, 'NHA_GROUPS', 'flag'),
        (10, 'NHA_MASTER', 'uint32'),
        (11, 'NHA_FDB', 'flag'),
        (12, 'NHA_RES_GROUP', 'res_group'),
        (13, 'NHA_RES_BUCKET', 'res_bucket'),
    )
    nla_select = {
        'NHA_ENCAP': (
            'NHA_ENCAP_TYPE',
            {
                1: rtmsg.mpls_encap,
                2: rtmsg.ip_encap,
                4: rtmsg.ip6_encap,
                5: rtmsg.seg6_encap,
                6: rtmsg.bpf_encap,
                7: rtmsg.seg6local_encap,
            },
        ),
    }

    class nexthop_grp(nlrecord):
        """struct nexthop_grp (linux/nexthop.h), one NHA_GROUP entry.

        ``weight`` is stored as the weight minus one (``ip`` shows 1..256).
        """

        fields = (
            ('id', 'I'),
            ('weight', 'B'),
            ('resvd1', 'B'),
            ('resvd2', 'H'),
        )

    class res_group(nla):
        """NHA_RES_GROUP: nested NHA_RES_GROUP_* (linux/nexthop.h)."""

        prefix = 'NHA_RES_GROUP_'
        nla_map = (
            (0, 'NHA_RES_GROUP_PAD', 'hex'),
            (1, 'NHA_RES_GROUP_BUCKETS', 'uint16'),
            (2, 'NHA_RES_GROUP_IDLE_TIMER', 'uint32'),
            (3, 'NHA_RES_GROUP_UNBALANCED_TIMER', 'uint32'),
            (4, 'NHA_RES_GROUP_UNBALANCED_TIME', 'uint64'),
        )

    class res_bucket(nla):
        """NHA_RES_BUCKET: nested NHA_RES_BUCKET_* (linux/nexthop.h)."""

        prefix = 'NHA_RES_BUCKET_'
        nla_map = (
            (0, 'NHA_RES_BUCKET_PAD', 'hex'),
            (1, 'NHA_RES_BUCKET_INDEX', 'uint16'),
            (2, 'NHA_RES_BUCKET_IDLE_TIME', 'uint64'),
            (3, 'NHA_RES_BUCKET_NH_ID', 'uint32'),
        )
