"""GenericNetlinkSocket against the running kernel.

Role: resolve 'nlctrl' and 'TASKSTATS' through CTRL_CMD_GETFAMILY, list
every family and compare the names with ``genl ctrl list`` (iproute2),
join a multicast group by name, and get ENOENT naming the family for one
the kernel lacks (nl80211 is absent here, as is any made-up name).

Rules: read-only queries of the generic netlink controller; nothing in
the network state changes, so no namespace is needed.
"""

import errno
import re
import shutil
import subprocess

import pytest

from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.generic import GENL_ID_CTRL, GenericNetlinkSocket


@pytest.fixture
def genl():
    with GenericNetlinkSocket() as sock:
        yield sock


def test_resolve_nlctrl(genl):
    fam = genl.get_family('nlctrl')
    assert fam.id == GENL_ID_CTRL
    assert fam.name == 'nlctrl'
    assert 'notify' in fam.groups
    assert 3 in fam.ops  # CTRL_CMD_GETFAMILY


def test_resolve_taskstats_and_bind(genl):
    from pyroute2.netlink.taskstats import taskstatsmsg

    fam = genl.get_family('TASKSTATS')
    assert fam.id >= 16 and fam.version >= 1
    genl.bind('TASKSTATS', taskstatsmsg)
    assert genl.prid == fam.id
    assert genl.get_family('TASKSTATS') is fam  # cached


def test_list_families_matches_genl_tool(genl):
    names = [m.get_attr('CTRL_ATTR_FAMILY_NAME') for m in
             genl.list_families()]
    assert 'nlctrl' in names
    assert len(names) == len(set(names))
    if shutil.which('genl') is None:
        pytest.skip('iproute2 genl not installed')
    out = subprocess.run(['genl', 'ctrl', 'list'], capture_output=True,
                         text=True, check=True).stdout
    tool = re.findall(r'^Name: (\S+)', out, re.M)
    assert sorted(names) == sorted(tool)


@pytest.mark.parametrize('name', ['no_such_fam', 'no_such_family_too_long'])
def test_missing_family_enoent(genl, name):
    with pytest.raises(NetlinkError) as info:
        genl.get_family(name)
    assert info.value.code == errno.ENOENT
    assert name in str(info.value)


def test_bind_missing_family(genl):
    with pytest.raises(NetlinkError) as info:
        genl.bind('nl80211', None)
    assert info.value.code == errno.ENOENT


def test_add_membership_by_name(genl):
    genl.bind('nlctrl', None)
    gid = genl.add_membership_by_name('notify')
    assert gid == genl.get_family('nlctrl').groups['notify']
    genl.drop_membership_by_name('notify')
    with pytest.raises(NetlinkError) as info:
        genl.add_membership_by_name('nope')
    assert info.value.code == errno.ENOENT


def test_iw_raises_enoent_here():
    from pyroute2 import IW

    if 'nl80211' in open('/proc/net/protocols').read():  # never true
        pytest.skip('unexpected')
    try:
        with GenericNetlinkSocket() as probe:
            probe.get_family('nl80211')
        pytest.skip('this kernel has nl80211')
    except NetlinkError:
        pass
    with pytest.raises(NetlinkError) as info:
        IW()
    assert info.value.code == errno.ENOENT
    assert 'nl80211' in str(info.value)
