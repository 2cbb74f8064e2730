"""Fixed-layout link attributes: counters and the legacy device map.

Role: declare ``struct rtnl_link_stats`` (IFLA_STATS, 32-bit counters),
``struct rtnl_link_stats64`` (IFLA_STATS64) and ``struct rtnl_link_ifmap``
(IFLA_MAP) from ``linux/if_link.h`` as struct attributes.

Rules: declarations only. Fields are packed with ``=`` (no implicit
alignment), so the tail padding the C compiler adds to ``rtnl_link_ifmap``
is declared explicitly.
"""

from pyroute2.netlink import nla

__all__ = ['rtnl_link_stats', 'rtnl_link_stats64', 'rtnl_link_ifmap']

# member names of struct rtnl_link_stats{,64}, in C order (linux/if_link.h)
_STATS_NAMES = (
    'rx_packets',
    'tx_packets',
    'rx_bytes',
    'tx_bytes',
    'rx_errors',
    'tx_errors',
    'rx_dropped',
    'tx_dropped',
    'multicast',
    'collisions',
    'rx_length_errors',
    'rx_over_errors',
    'rx_crc_errors',
    'rx_frame_errors',
    'rx_fifo_errors',
    'rx_missed_errors',
    'tx_aborted_errors',
    'tx_carrier_errors',
    'tx_fifo_errors',
    'tx_heartbeat_errors',
    'tx_window_errors',
    'rx_compressed',
    'tx_compressed',
    'rx_nohandler',
)


class rtnl_link_stats(nla):
    """struct rtnl_link_stats: 24 __u32 counters (IFLA_STATS)."""

    fields = tuple((name, 'I') for name in _STATS_NAMES)


class rtnl_link_stats64(nla):
    """struct rtnl_link_stats64: 25 __u64 counters (IFLA_STATS64).

    Same members as ``rtnl_link_stats`` plus ``rx_otherhost_dropped``.
    """

    fields = tuple(
        (name, 'Q') for name in _STATS_NAMES + ('rx_otherhost_dropped',)
    )


class rtnl_link_ifmap(nla):
    """struct rtnl_link_ifmap (IFLA_MAP); sizeof is 32 with tail padding.

    ::

        __u64 mem_start; __u64 mem_end; __u64 base_addr;
        __u16 irq; __u8 dma; __u8 port;   /* + 4 bytes of padding */
    """

    fields = (
        ('mem_start', 'Q'),
        ('mem_end', 'Q'),
        ('base_addr', 'Q'),
        ('irq', 'H'),
        ('dma', 'B'),
        ('port', 'B'),
        ('__pad', '4x'),
    )
