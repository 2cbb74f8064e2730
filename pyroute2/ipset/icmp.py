"""ICMP and ICMPv6 type names for the port part of ipset entries.

Role: ``hash:ip,port`` and the other port-carrying set types store an ICMP
or ICMPv6 element as ``type << 8 | code`` in IPSET_ATTR_PORT. The ``ipset``
tool takes ``icmp:TYPE/CODE`` and ``icmpv6:TYPE/CODE``, or a name from a
fixed list (``ipset help hash:ip,port`` prints it); the same names are
accepted here, case-insensitively. Values come from ``linux/icmp.h``
(ICMP_ECHO, ICMP_DEST_UNREACH with ICMP_NET_UNREACH...), ``linux/icmpv6.h``
(ICMPV6_DEST_UNREACH with ICMPV6_NOROUTE...) and RFC 4861 for the
neighbour discovery types (133-137).

Unlike the tool, a name must be given in full: the tool also takes any
prefix (``icmp:echo`` becomes echo-reply, the first name in its list that
starts so), which is easy to get wrong; here a prefix is a ValueError.

Rules: pure tables and one lookup function; no I/O.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Dict, Tuple

__all__ = ['ICMP_TYPES', 'ICMPV6_TYPES', 'icmp_value']

IPPROTO_ICMP = 1
IPPROTO_ICMPV6 = 58

# name -> (type, code); linux/icmp.h
ICMP_TYPES: Dict[str, Tuple[int, int]] = {
    'echo-reply': (0, 0),  # ICMP_ECHOREPLY
    'pong': (0, 0),
    # ICMP_DEST_UNREACH (3) and its codes
    'network-unreachable': (3, 0),  # ICMP_NET_UNREACH
    'host-unreachable': (3, 1),  # ICMP_HOST_UNREACH
    'protocol-unreachable': (3, 2),  # ICMP_PROT_UNREACH
    'port-unreachable': (3, 3),  # ICMP_PORT_UNREACH
    'fragmentation-needed': (3, 4),  # ICMP_FRAG_NEEDED
    'source-route-failed': (3, 5),  # ICMP_SR_FAILED
    'network-unknown': (3, 6),  # ICMP_NET_UNKNOWN
    'host-unknown': (3, 7),  # ICMP_HOST_UNKNOWN
    'network-prohibited': (3, 9),  # ICMP_NET_ANO
    'host-prohibited': (3, 10),  # ICMP_HOST_ANO
    'tos-network-unreachable': (3, 11),  # ICMP_NET_UNR_TOS
    'tos-host-unreachable': (3, 12),  # ICMP_HOST_UNR_TOS
    'communication-prohibited': (3, 13),  # ICMP_PKT_FILTERED
    'host-precedence-violation': (3, 14),  # ICMP_PREC_VIOLATION
    'precedence-cutoff': (3, 15),  # ICMP_PREC_CUTOFF
    'source-quench': (4, 0),  # ICMP_SOURCE_QUENCH
    # ICMP_REDIRECT (5) and its codes
    'network-redirect': (5, 0),  # ICMP_REDIR_NET
    'host-redirect': (5, 1),  # ICMP_REDIR_HOST
    'tos-network-redirect': (5, 2),  # ICMP_REDIR_NETTOS
    'tos-host-redirect': (5, 3),  # ICMP_REDIR_HOSTTOS
    'echo-request': (8, 0),  # ICMP_ECHO
    'ping': (8, 0),
    'router-advertisement': (9, 0),  # RFC 1256
    'router-solicitation': (10, 0),  # RFC 1256
    # ICMP_TIME_EXCEEDED (11) and its codes
    'ttl-zero-during-transit': (11, 0),  # ICMP_EXC_TTL
    'ttl-zero-during-reassembly': (11, 1),  # ICMP_EXC_FRAGTIME
    # ICMP_PARAMETERPROB (12): pointer, missing option (RFC 1108)
    'ip-header-bad': (12, 0),
    'required-option-missing': (12, 1),
    'timestamp-request': (13, 0),  # ICMP_TIMESTAMP
    'timestamp-reply': (14, 0),  # ICMP_TIMESTAMPREPLY
    'address-mask-request': (17, 0),  # ICMP_ADDRESS
    'address-mask-reply': (18, 0),  # ICMP_ADDRESSREPLY
}

# name -> (type, code); linux/icmpv6.h, RFC 4861 for 133..137
ICMPV6_TYPES: Dict[str, Tuple[int, int]] = {
    # ICMPV6_DEST_UNREACH (1) and its codes
    'no-route': (1, 0),  # ICMPV6_NOROUTE
    'communication-prohibited': (1, 1),  # ICMPV6_ADM_PROHIBITED
    'address-unreachable': (1, 3),  # ICMPV6_ADDR_UNREACH
    'port-unreachable': (1, 4),  # ICMPV6_PORT_UNREACH
    'packet-too-big': (2, 0),  # ICMPV6_PKT_TOOBIG
    # ICMPV6_TIME_EXCEED (3) and its codes
    'ttl-zero-during-transit': (3, 0),  # ICMPV6_EXC_HOPLIMIT
    'ttl-zero-during-reassembly': (3, 1),  # ICMPV6_EXC_FRAGTIME
    # ICMPV6_PARAMPROB (4) and its codes
    'bad-header': (4, 0),  # ICMPV6_HDR_FIELD
    'unknown-header-type': (4, 1),  # ICMPV6_UNK_NEXTHDR
    'unknown-option': (4, 2),  # ICMPV6_UNK_OPTION
    'echo-request': (128, 0),  # ICMPV6_ECHO_REQUEST
    'ping': (128, 0),
    'echo-reply': (129, 0),  # ICMPV6_ECHO_REPLY
    'pong': (129, 0),
    'router-solicitation': (133, 0),
    'router-advertisement': (134, 0),
    'neighbour-solicitation': (135, 0),
    'neigbour-solicitation': (135, 0),  # sic: the tool accepts it too
    'neighbour-advertisement': (136, 0),
    'neigbour-advertisement': (136, 0),  # sic
    'redirect': (137, 0),
}

_TABLES = {IPPROTO_ICMP: ('icmp', ICMP_TYPES),
           IPPROTO_ICMPV6: ('icmpv6', ICMPV6_TYPES)}


def _byte(text: str, what: str) -> int:
    text = text.strip()
    if not text.isdigit() or int(text) > 255:
        raise ValueError('ICMP %s %r is not a number in 0-255'
                         % (what, text))
    return int(text)


def icmp_value(proto: int, text: str) -> int:
    """IPSET_ATTR_PORT value (``type << 8 | code``) of ``'TYPE/CODE'`` or
    of a type name, for protocol ``proto`` (1: ICMP, 58: ICMPv6).

    Raises ValueError for an unknown name, a bare number (the tool refuses
    it too: ``icmp:8`` is not ``icmp:8/0``) or a type or code above 255.
    """
    pname, table = _TABLES[proto]
    if '/' in text:
        itype, icode = text.split('/', 1)
        return _byte(itype, 'type') << 8 | _byte(icode, 'code')
    found = table.get(text.strip().lower())
    if found is None:
        raise ValueError(
            '%r is neither TYPE/CODE nor an %s type name (see '
            'pyroute2.ipset.icmp.%s_TYPES)'
            % (text, pname, pname.upper()))
    return found[0] << 8 | found[1]
