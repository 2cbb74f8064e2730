"""IP sets and per-task statistics.

Run as root: python3 examples/ipset_and_taskstats.py
The set lives in a throwaway namespace.
"""

import os
import sys

from pyroute2 import IPSet, TaskStats
from pyroute2.netns import create, remove


def main(name: str = 'pyroute2-ipset') -> None:
    create(name)
    try:
        with IPSet(netns=name) as ips:
            ips.create('blocked', stype='hash:ip', timeout=300)
            ips.add('blocked', '192.0.2.7')
            print(ips.test('blocked', '192.0.2.7'))  # True
            ips.destroy('blocked')
    finally:
        remove(name)

    with TaskStats() as ts:
        reply = ts.get_pid_stat(os.getpid())
        stats = reply[0].get_nested('TASKSTATS_TYPE_AGGR_PID',
                                    'TASKSTATS_TYPE_STATS')
        print(stats['ac_pid'] == os.getpid(), stats['ac_utime'])


if __name__ == '__main__':
    main(*sys.argv[1:])
