"""ndmsg: neighbour messages (RTM_NEWNEIGH/DELNEIGH/GETNEIGH).

Role: declare ``struct ndmsg`` and its ``NDA_*`` attributes as data for the
generic codec, names verbatim from ``linux/neighbour.h``; plus the ``NUD_*``
states and ``NTF_*`` flags of that header. Bridge FDB entries use the same
message (family AF_BRIDGE).

Rules: declarations only, no logic, no sockets.
"""

from pyroute2.netlink import nla, nlmsg

# ndm_state (linux/neighbour.h)
NUD_NONE = 0x00
NUD_INCOMPLETE = 0x01
NUD_REACHABLE = 0x02
NUD_STALE = 0x04
NUD_DELAY = 0x08
NUD_PROBE = 0x10
NUD_FAILED = 0x20
NUD_NOARP = 0x40
NUD_PERMANENT = 0x80

# ndm_flags (linux/neighbour.h)
NTF_USE = 0x01
NTF_SELF = 0x02
NTF_MASTER = 0x04
NTF_PROXY = 0x08
NTF_EXT_LEARNED = 0x10
NTF_OFFLOADED = 0x20
NTF_STICKY = 0x40
NTF_ROUTER = 0x80
# NDA_FLAGS_EXT bits
NTF_EXT_MANAGED = 0x01

__all__ = [
    'ndmsg',
    'NUD_NONE',
    'NUD_INCOMPLETE',
    'NUD_REACHABLE',
    'NUD_STALE',
    'NUD_DELAY',
    'NUD_PROBE',
    'NUD_FAILED',
    'NUD_NOARP',
    'NUD_PERMANENT',
    'NTF_USE',
    'NTF_SELF',
    'NTF_MASTER',
    'NTF_PROXY',
    'NTF_EXT_LEARNED',
    'NTF_OFFLOADED',
    'NTF_STICKY',
    'NTF_ROUTER',
    'NTF_EXT_MANAGED',
]


class ndmsg(nlmsg):
    """struct ndmsg (linux/neighbour.h).

    ::

        struct ndmsg {
            __u8  ndm_family;
            __u8  ndm_pad1;
            __u16 ndm_pad2;
            __s32 ndm_ifindex;
            __u16 ndm_state;
            __u8  ndm_flags;
            __u8  ndm_type;
        };
    """

    prefix = 'NDA_'
    fields = (
        ('family', 'B'),
        ('__pad1', 'x'),
        ('__pad2', '2x'),
        ('ifindex', 'i'),
        ('state', 'H'),
        ('flags', 'B'),
        ('ndm_type', 'B'),
    )
    nla_map = (
        (0, 'NDA_UNSPEC', 'hex'),
        (1, 'NDA_DST', 'ipaddr'),
        (2, 'NDA_LLADDR', 'l2addr'),
        (3, 'NDA_CACHEINFO', 'cacheinfo'),
        (4, 'NDA_PROBES', 'uint32'),
        (5, 'NDA_VLAN', 'uint16'),
        (6, 'NDA_PORT', 'be16'),
        (7, 'NDA_VNI', 'uint32'),
        (8, 'NDA_IFINDEX', 'uint32'),
        (9, 'NDA_MASTER', 'uint32'),
        (10, 'NDA_LINK_NETNSID', 'int32'),
        (11, 'NDA_SRC_VNI', 'uint32'),
        (12, 'NDA_PROTOCOL', 'uint8'),
        (13, 'NDA_NH_ID', 'uint32'),
        (14, 'NDA_FDB_EXT_ATTRS', 'fdb_ext_attrs'),
        (15, 'NDA_FLAGS_EXT', 'uint32'),
        (16, 'NDA_NDM_STATE_MASK', 'uint16'),
        (17, 'NDA_NDM_FLAGS_MASK', 'uint8'),
    )

    class cacheinfo(nla):
        """struct nda_cacheinfo (linux/neighbour.h)."""

        fields = (
            ('ndm_confirmed', 'I'),
            ('ndm_used', 'I'),
            ('ndm_updated', 'I'),
            ('ndm_refcnt', 'I'),
        )

    class fdb_ext_attrs(nla):
        """NDA_FDB_EXT_ATTRS: nested NFEA_* (linux/neighbour.h)."""

        prefix = 'NFEA_'
        nla_map = (
            (0, 'NFEA_UNSPEC', 'hex'),
            (1, 'NFEA_ACTIVITY_NOTIFY', 'uint8'),
            (2, 'NFEA_DONT_REFRESH', 'flag'),
        )
