"""bond_slave: IFLA_INFO_SLAVE_DATA of slave kind 'bond'.

Role: declare ``IFLA_BOND_SLAVE_*`` (linux/if_link.h) with the payload
types of the kernel's ``bond_fill_slave_info``.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['bond_slave_data']


class bond_slave_data(nla):
    """IFLA_BOND_SLAVE_* (linux/if_link.h)."""

    prefix = 'IFLA_BOND_SLAVE_'
    nla_map = (
        (0, 'IFLA_BOND_SLAVE_UNSPEC', 'hex'),
        (1, 'IFLA_BOND_SLAVE_STATE', 'uint8'),
        (2, 'IFLA_BOND_SLAVE_MII_STATUS', 'uint8'),
        (3, 'IFLA_BOND_SLAVE_LINK_FAILURE_COUNT', 'uint32'),
        (4, 'IFLA_BOND_SLAVE_PERM_HWADDR', 'l2addr'),
        (5, 'IFLA_BOND_SLAVE_QUEUE_ID', 'uint16'),
        (6, 'IFLA_BOND_SLAVE_AD_AGGREGATOR_ID', 'uint16'),
        (7, 'IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE', 'uint8'),
        (8, 'IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE', 'uint16'),
        (9, 'IFLA_BOND_SLAVE_PRIO', 'int32'),
        (10, 'IFLA_BOND_SLAVE_ACTOR_PORT_PRIO', 'uint16'),
        (11, 'IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE', 'uint8'),
        (12, 'IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE', 'uint8'),
    )
