"""act: one tc action, as nested in a filter's *_ACT attribute.

Role: the ``TCA_ACT_*`` attributes of ``linux/pkt_cls.h``; TCA_ACT_OPTIONS
is selected by TCA_ACT_KIND (one module per action kind, imported lazily),
and ``struct tcf_t`` (the timestamps every action dumps). A filter's
``TCA_<KIND>_ACT`` holds an array of these, indexed by priority from 1:
declare it as ``ACT_ARRAY``.

Rules: declarations only.
"""

from pyroute2.netlink import nla

# Action verdicts (linux/pkt_cls.h)
TC_ACT_UNSPEC = -1
TC_ACT_OK = 0
TC_ACT_RECLASSIFY = 1
TC_ACT_SHOT = 2
TC_ACT_PIPE = 3
TC_ACT_STOLEN = 4
TC_ACT_QUEUED = 5
TC_ACT_REPEAT = 6
TC_ACT_REDIRECT = 7
TC_ACT_TRAP = 8
TC_ACT_JUMP = 1 << 28
TC_ACT_GOTO_CHAIN = 2 << 28

_PKG = 'pyroute2.netlink.rtnl.tcmsg.'

# the type name a filter uses for its TCA_<KIND>_ACT attribute
ACT_ARRAY = '*' + _PKG + 'act:tca_act'
# the type name a filter uses for its TCA_<KIND>_POLICE attribute
POLICE = _PKG + 'police:options'

# TCA_ACT_KIND -> module of this package declaring its TCA_ACT_OPTIONS
_KINDS = {
    'mirred': 'mirred',
    'gact': 'gact',
    'police': 'police',
}

__all__ = [
    'tca_act',
    'tcf_t',
    'ACT_ARRAY',
    'POLICE',
    'TC_ACT_UNSPEC',
    'TC_ACT_OK',
    'TC_ACT_RECLASSIFY',
    'TC_ACT_SHOT',
    'TC_ACT_PIPE',
    'TC_ACT_STOLEN',
    'TC_ACT_QUEUED',
    'TC_ACT_REPEAT',
    'TC_ACT_REDIRECT',
    'TC_ACT_TRAP',
    'TC_ACT_JUMP',
    'TC_ACT_GOTO_CHAIN',
]


class tca_act(nla):
    """One action: nested TCA_ACT_* (linux/pkt_cls.h)."""

    prefix = 'TCA_ACT_'
    nla_map = (
        (0, 'TCA_ACT_UNSPEC', 'hex'),
        (1, 'TCA_ACT_KIND', 'asciiz'),
        (2, 'TCA_ACT_OPTIONS', 'hex'),
        (3, 'TCA_ACT_INDEX', 'uint32'),
        (4, 'TCA_ACT_STATS', _PKG + 'stats:stats2'),
        (5, 'TCA_ACT_PAD', 'hex'),
        (6, 'TCA_ACT_COOKIE', 'hex'),
        (7, 'TCA_ACT_FLAGS', 'nla_bitfield32'),
        (8, 'TCA_ACT_HW_STATS', 'nla_bitfield32'),
        (9, 'TCA_ACT_USED_HW_STATS', 'nla_bitfield32'),
        (10, 'TCA_ACT_IN_HW_COUNT', 'uint32'),
    )
    nla_select = {
        'TCA_ACT_OPTIONS': (
            'TCA_ACT_KIND',
            {kind: _PKG + mod + ':options' for kind, mod in _KINDS.items()},
        ),
    }

    class nla_bitfield32(nla):
        """struct nla_bitfield32 (linux/netlink.h)."""

        fields = (('value', 'I'), ('selector', 'I'))


class tcf_t(nla):
    """struct tcf_t (linux/pkt_cls.h): action timestamps, in jiffies."""

    fields = (
        ('install', 'Q'),
        ('lastuse', 'Q'),
        ('expires', 'Q'),
        ('firstuse', 'Q'),
    )
