"""clsact: TCA_OPTIONS of the clsact qdisc.

Role: the kernel dumps an empty TCA_OPTIONS nest for 'clsact' (it has no
parameters); declared as an attribute set with no known members, so
anything a future kernel adds is kept raw and re-encoded unchanged.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['options']


class options(nla):
    """TCA_OPTIONS of kind 'clsact': an empty nest."""

    nla_map = ()
    force_attrs = True
