"""Entry point of the ``pyroute2`` command.

Role: parse ``pyroute2 [-j] [-p] [-s] [-d] [-n NETNS] [-4|-6] OBJECT
[show] [dev IF] [table T] [tc selectors]`` and ``pyroute2 monitor
[OBJECT...]`` (the object words are the table ``_WORDS``), open one
``IPRoute`` (inside NETNS with ``-n``), load the link names (before any
dump is streamed: one dump at a time per socket), run the object's
``show`` (or the monitor) and turn every failure into one line on stderr
and an exit status: 1 for errors (missing namespace or interface, kernel
refusals, worded as ip words them: ``RTNETLINK answers: Device or
resource busy``), 2 for usage errors, 130 for Ctrl-C, 141 for a closed
output pipe, 143 for SIGTERM. No traceback reaches the user.

Rules: the only module of the package that parses arguments and decides
exit statuses; object modules raise ``CliError`` and never exit.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from pyroute2.cli import addrs, links, monitor, neigh, nexthop, routes
from pyroute2.cli import rules, tc
from pyroute2.cli.output import CliError, Context, Output

__all__ = ['main', 'OBJECTS', 'ALIASES', 'netlink_message']

Show = Callable[[Context, Output, Any], None]

OBJECTS: Dict[str, Show] = {
    'link': links.show,
    'addr': addrs.show,
    'route': routes.show,
    'rule': rules.show,
    'neigh': neigh.show,
    'nexthop': nexthop.show,
    'qdisc': tc.show_qdisc,
    'class': tc.show_class,
    'filter': tc.show_filter,
}

ALIASES: Dict[str, str] = {
    'l': 'link', 'a': 'addr', 'address': 'addr', 'r': 'route',
    'ro': 'route', 'ru': 'rule', 'n': 'neigh', 'neighbor': 'neigh',
    'neighbour': 'neigh', 'nh': 'nexthop', 'q': 'qdisc', 'c': 'class',
    'f': 'filter', 'm': 'monitor', 'mon': 'monitor',
}

_SHOW = ('show', 'list', 'ls', 'lst', 'sh')

_EPILOG = '''\
objects:
  link | addr | route | rule | neigh | nexthop   as `ip OBJECT show`
  qdisc | class | filter                         as `tc OBJECT show`
  monitor [link|addr|route|neigh|rule|nexthop ...]
                       print kernel events until interrupted (Ctrl-C)

object arguments (after the optional `show`):
  dev IF               only interface IF (a bare IF works too)
  table T              routes: main (default), local, default, all, or a number
  root | parent P      qdisc, class, filter: only those under the root or
                       under handle P (for classes: of qdisc P)
  ingress              qdisc: the ingress/clsact qdisc; filter: its
                       ingress filters (parent ffff:fff2)
  egress               filter: the egress filters of clsact (ffff:fff3)
  handle H             qdisc: only the qdisc with handle H
  classid C            class: only class C
  protocol P, pref N   filter: only this protocol / preference

statistics and details:
  -s                   link, addr: RX/TX counters (-s -s: error counters
                       too); neigh: reference count, seconds since used/
                       confirmed/updated, probes; qdisc, class, filter:
                       Sent/backlog counters (of the actions for filters)
                       and htb class statistics
  -d                   link, addr: promiscuity, MTU range, the link kind
                       and its data (linkinfo: veth, bridge and bridge
                       port, vxlan, macvlan, tun; other kinds as key
                       value), queues, GSO/GRO limits; route: type,
                       table, protocol and scope always; rule, nexthop:
                       protocol (and scope) always; qdisc, class: cell
                       size, mpu, linklayer...
  -4, -6               one family only (addr: only the links holding an
                       address of that family)

examples:
  pyroute2 link show
  pyroute2 -j -n blue addr show dev eth0
  pyroute2 -6 route show table all
  pyroute2 -s -d link show dev br0
  pyroute2 -s qdisc show dev eth0
  pyroute2 filter show dev eth0 ingress
  pyroute2 -j monitor link addr

exit status: 0 ok, 1 error, 2 usage, 130 interrupted, 141 broken pipe
'''


def parser() -> argparse.ArgumentParser:
    """The argument parser (global options, object, object arguments)."""
    ap = argparse.ArgumentParser(
        prog='pyroute2', epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description='Show network links, addresses, routes, rules, '
        'neighbours, next hops and traffic control like ip(8) and tc(8), '
        'or follow kernel events; pure Python, over rtnetlink.')
    ap.add_argument('-j', '--json', action='store_true',
                    help='JSON output with iproute2 key names')
    ap.add_argument('-p', '--pretty', action='store_true',
                    help='indent JSON output')
    ap.add_argument('-s', '--stats', action='count', default=0,
                    help='statistics (twice for more), as ip -s / tc -s')
    ap.add_argument('-d', '--details', action='count', default=0,
                    help='details, as ip -d / tc -d')
    ap.add_argument('-n', '--netns', metavar='NETNS',
                    help='work inside network namespace NETNS '
                    '(a name in /run/netns or a path)')
    family = ap.add_mutually_exclusive_group()
    family.add_argument('-4', dest='family', action='store_const',
                        const=socket.AF_INET, help='IPv4 only')
    family.add_argument('-6', dest='family', action='store_const',
                        const=socket.AF_INET6, help='IPv6 only')
    ap.add_argument('object', metavar='OBJECT',
                    help='link, addr, route, rule, neigh, nexthop, qdisc, '
                    'class, filter or monitor')
    ap.add_argument('args', nargs=argparse.REMAINDER, metavar='ARGS',
                    help='show [dev IF] [table T] [root|ingress|egress|'
                    'parent P|handle H|classid C|protocol P|pref N]')
    return ap


# object word -> (attribute, takes a value, objects it applies to)
_TC = ('qdisc', 'class', 'filter')
_WORDS: Dict[str, Tuple[str, bool, Tuple[str, ...]]] = {
    'dev': ('dev', True, ()),
    'table': ('table', True, ('route',)),
    'root': ('parent', False, _TC),
    'ingress': ('parent', False, ('qdisc', 'filter')),
    'egress': ('parent', False, ('filter',)),
    'parent': ('parent', True, _TC),
    'handle': ('handle', True, ('qdisc',)),
    'classid': ('classid', True, ('class',)),
    'protocol': ('protocol', True, ('filter',)),
    'proto': ('protocol', True, ('filter',)),
    'pref': ('pref', True, ('filter',)),
    'prio': ('pref', True, ('filter',)),
    'priority': ('pref', True, ('filter',)),
}


def _object_args(args: argparse.Namespace) -> None:
    """Parse ``[show] [dev IF] [table T] [tc selectors] [IF]`` into
    ``args`` (see ``_WORDS``)."""
    words: List[str] = list(args.args)
    for dest, _, _ in _WORDS.values():
        setattr(args, dest, None)
    if words and words[0] in _SHOW:
        words.pop(0)
    while words:
        word = words.pop(0)
        dest, takes_value, objects = _WORDS.get(word, ('', False, ()))
        if dest and objects and args.object not in objects:
            raise CliError('"%s" does not apply to %s (try --help)'
                           % (word, args.object), 2)
        if dest and takes_value and not words:
            raise CliError('"%s" needs an argument' % word, 2)
        if dest and getattr(args, dest) is not None:
            raise CliError('"%s" conflicts with an earlier argument'
                           % word, 2)
        if dest:
            setattr(args, dest, words.pop(0) if takes_value else word)
        elif args.dev is None and not word.startswith('-'):
            args.dev = word
        else:
            raise CliError('unexpected argument "%s" (try --help)'
                           % word, 2)


def _run(args: argparse.Namespace) -> None:
    from pyroute2.iproute import IPRoute

    name = ALIASES.get(args.object, args.object)
    if name != 'monitor' and name not in OBJECTS:
        raise CliError('unknown object "%s" (try --help)' % args.object, 2)
    args.object = name
    if name != 'monitor':
        _object_args(args)
    # like ip -n: a missing namespace is an error, never created
    kwargs = {} if args.netns is None else {'netns': args.netns,
                                            'flags': 0}
    with IPRoute(**kwargs) as ipr:
        ctx = Context(ipr)
        out = Output(sys.stdout, args.json, args.pretty,
                     lines=name == 'monitor')
        if name == 'monitor':
            monitor.run(ctx, out, [ALIASES.get(word, word)
                                   for word in args.args])
        else:
            # the link names, before any dump is streamed (output.py)
            ctx.load()
            OBJECTS[name](ctx, out, args)
        out.close()


def _describe(err: BaseException, args: Any) -> str:
    """One line describing an error from the library or the OS."""
    from pyroute2.netlink.exceptions import NetlinkError

    if isinstance(err, NetlinkError):
        return netlink_message(err)
    if isinstance(err, FileNotFoundError) and args.netns is not None \
            and 'namespace' in str(err.strerror):
        return str(err.strerror)
    if isinstance(err, OSError):
        text = err.strerror or str(err)
        return text + (': %s' % err.filename if err.filename else '')
    return str(err) or type(err).__name__


def netlink_message(err: Any) -> str:
    """A kernel refusal as ip words it: ``RTNETLINK answers: <errno
    text>``, then ``: <the kernel's extended-ACK text>`` if it sent one."""
    code = abs(int(getattr(err, 'code', 0) or 0))
    text = os.strerror(code) if code else 'Success'
    extack = getattr(err, 'extack', None)
    detail = getattr(extack, 'text', None)
    if detail:
        text += ': ' + str(detail)
    return 'RTNETLINK answers: %s' % text


def _quiet_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so exit does not fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _error(message: str) -> None:
    try:
        sys.stderr.write('pyroute2: %s\n' % message)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(143)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run ``pyroute2`` with ``argv`` (default ``sys.argv[1:]``);
    return the exit status."""
    args = parser().parse_args(argv)
    if threading_main():
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        _run(args)
    except CliError as err:
        _error(str(err))
        return err.status
    except BrokenPipeError:
        _quiet_stdout()
        _error('output closed (broken pipe)')
        return 141
    except KeyboardInterrupt:
        _error('interrupted')
        return 130
    except SystemExit as err:
        if err.code == 143:
            _error('terminated')
        raise
    except (OSError, ValueError, TypeError) as err:
        _error(_describe(err, args))
        return 1
    except Exception as err:  # noqa: BLE001 - never a traceback
        from pyroute2.netlink.exceptions import NetlinkError

        if not isinstance(err, NetlinkError):
            _error('internal error: %s: %s' % (type(err).__name__, err))
            return 70
        _error(_describe(err, args))
        return 1
    return 0


def threading_main() -> bool:
    """True in the main thread (only there may signal handlers be set)."""
    import threading

    return threading.current_thread() is threading.main_thread()
