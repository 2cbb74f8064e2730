"""bpf: TCA_OPTIONS of the eBPF classifier.

Role: the ``TCA_BPF_*`` attributes of ``linux/pkt_cls.h``.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.act import ACT_ARRAY, POLICE

TCA_BPF_FLAG_ACT_DIRECT = 1

__all__ = ['options', 'TCA_BPF_FLAG_ACT_DIRECT']


class options(nla):
    """TCA_OPTIONS of kind 'bpf': nested TCA_BPF_* (linux/pkt_cls.h)."""

    prefix = 'TCA_BPF_'
    nla_map = (
        (0, 'TCA_BPF_UNSPEC', 'hex'),
        (1, 'TCA_BPF_ACT', ACT_ARRAY),
        (2, 'TCA_BPF_POLICE', POLICE),
        (3, 'TCA_BPF_CLASSID', 'uint32'),
        (4, 'TCA_BPF_OPS_LEN', 'uint16'),
        (5, 'TCA_BPF_OPS', 'hex'),  # classic BPF: struct sock_filter[]
        (6, 'TCA_BPF_FD', 'uint32'),
        (7, 'TCA_BPF_NAME', 'asciiz'),
        (8, 'TCA_BPF_FLAGS', 'uint32'),
        (9, 'TCA_BPF_FLAGS_GEN', 'uint32'),
        (10, 'TCA_BPF_TAG', 'hex'),
        (11, 'TCA_BPF_ID', 'uint32'),
    )
