"""IPSet speed: 100,000 entries, ours vs the ipset tool (ratios).

Run as root: ``python3 benchmarks/ipset_bench.py [N]``. Everything happens
in a throwaway network namespace, deleted at the end. Prints seconds and
ratios (ours / tool; < 1 means faster): batch add vs ``ipset restore``,
one request per entry (on N/10 entries, scaled), list vs ``ipset list``.
"""

import subprocess
import sys
import time

from pyroute2.ipset import IPSet


def tool(ns, *args, data=None):
    return subprocess.run(
        ['ip', 'netns', 'exec', ns, 'ipset'] + list(args),
        input=data,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def timed(func):
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main(count=100000):
    ns = 'pr2bench-ipset'
    subprocess.run(['ip', 'netns', 'add', ns], check=True)
    try:
        entries = [
            '10.%d.%d.%d' % (i >> 16 & 255, i >> 8 & 255, i & 255)
            for i in range(count)
        ]
        script = 'create t hash:ip maxelem %d\n' % (2 * count) + ''.join(
            'add t %s\n' % e for e in entries
        )
        t_restore = timed(lambda: tool(ns, 'restore', data=script))
        t_list_tool = timed(lambda: tool(ns, 'list', 't'))
        tool(ns, 'destroy', 't')
        with IPSet(netns=ns) as ips:
            ips.create('t', 'hash:ip', maxelem=2 * count)
            t_batch = timed(lambda: ips.add_batch('t', entries))
            got = []
            t_list = timed(lambda: got.extend(ips.list('t')))
            listed = len(
                got[0].get_attr('IPSET_ATTR_ADT').get_attrs('IPSET_ATTR_DATA')
            )
            ips.flush('t')
            part = entries[: count // 10]
            t_single = timed(lambda: [ips.add('t', e) for e in part]) * 10
        print('entries                 %d (listed back: %d)' % (count, listed))
        print('ipset restore           %.3fs' % t_restore)
        print(
            'add_batch               %.3fs  ratio %.2f'
            % (t_batch, t_batch / t_restore)
        )
        print(
            'one add per entry (est) %.3fs  ratio %.2f vs restore, '
            '%.1fx slower than batch'
            % (t_single, t_single / t_restore, t_single / t_batch)
        )
        print('ipset list              %.3fs' % t_list_tool)
        print(
            'IPSet.list              %.3fs  ratio %.2f'
            % (t_list, t_list / t_list_tool)
        )
    finally:
        subprocess.run(['ip', 'netns', 'del', ns])


if __name__ == '__main__':
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and
                             not sys.argv[1].isdigit()):
        sys.exit('usage: python benchmarks/ipset_bench.py [ENTRIES]  '
                 '(default 100000; needs root)')
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100000)
