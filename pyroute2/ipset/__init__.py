"""IPSet: the ipset netlink API (create, add, list... and batches).

Role: turn ipset verbs into nfnetlink requests (NFNL_SUBSYS_IPSET) and the
kernel's answers into messages or IPSetError. Requests are encoded here
byte for byte like the ``ipset`` tool v7.17 sends them (attribute order,
NLA_F_NESTED / NLA_F_NET_BYTEORDER flags, nfgen_family AF_INET), with
``struct`` directly: batch add/delete packs tens of thousands of elements
per second. Replies are decoded by the codec (``nfnetlink/ipset.py``).

Entries: ``etype`` names the parts of an element, comma separated, as in
set type names: ``ip``, ``net`` (address, ``a.b.c.d/len`` or range
``a-b``), ``port`` (``80``, ``'80-90'``, ``'tcp:80'``, ``'icmp:8/0'``,
``'icmp:echo-request'``, ``'icmpv6:ping'``), ``iface`` (``'eth0'``,
``'physdev:eth0'``), ``mac``, ``mark``, ``set`` (list:set member). The
second address part maps to IPSET_ATTR_IP2. An entry is a string in ipset
syntax (``'10.0.0.1,udp:53'``) or a tuple (``('10.0.0.1', 'tcp', 80)``,
``('10.0.0.1', 80)``). Addresses are literal (no host names, no IPv6 zone
ids); a mistake in an entry, an option or a set name raises ValueError
(TypeError for a wrong type) before anything is sent, and so does an
address of the other family than the set's where the family is known
(FamilyMismatchError; see ``IPSet``).

Errors: ``IPSetError`` carries the errno or IPSET_ERR_* code and its ipset
meaning; ``str()`` shows the meaning, after the errno text for plain
errnos.

Batches: ``add_batch``/``delete_batch`` put many IPSET_ATTR_DATA into one
IPSET_ATTR_ADT per message (as ``ipset restore`` does, each with its
IPSET_ATTR_LINENO), up to the 64 KiB an attribute can hold. The kernel
stops a message at the first element it refuses and names it by line
number; the rest of that message is sent again, so every entry is tried
and each failure is reported in a ``BatchResult``.

Rules: uses only the nfnetlink socket and the ipset codec module; never
prints; caller mistakes raise ValueError at the call.
"""

from __future__ import annotations

import os

from pyroute2.ipset.entries import (  # noqa: F401 - re-exported
    AF_INET,
    AF_INET6,
    _ACK,
    _ADT_LIMIT,
    _HH,
    _NESTED,
    _UNSPEC_TYPES,
    _asciiz,
    _be16,
    _be32,
    _cmd_body,
    _create_data,
    _dotted,
    _fast_entries,
    _find_lineno,
    _msg_type,
    _u8,
    encode_entry,
)
from pyroute2.ipset.parse import (
    FamilyMismatchError,
    check_setname,
)
from pyroute2.netlink.constants import (
    NLM_F_CREATE,
    NLM_F_DUMP,
    NLM_F_EXCL,
    NLM_F_REQUEST,
)
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.nfnetlink import ipset as C
from pyroute2.netlink.nfnetlink.nfsocket import NFNetlinkSocket, RawRequest

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import (
        Any,
        Callable,
        Dict,
        Iterable,
        Iterator,
        List,
        Optional,
        Tuple,
    )

__all__ = ['IPSet', 'IPSetError', 'BatchResult', 'FamilyMismatchError',
           'encode_entry']


class IPSetError(NetlinkError):
    """The kernel refused an ipset request.

    ``code``: the errno or IPSET_ERR_* number; ``meaning``: what it means
    for ipset (type-specific codes need ``stype``); ``entry``/``lineno``:
    the element that failed, in batches. ``str()`` is NetlinkError's
    ``(code, text)``, where the text is the meaning for IPSET_ERR_* codes
    and the errno's text followed by the meaning for plain errnos:
    ``(17, 'File exists: set with the same name already exists')``.
    """

    def __init__(self, code: int, msg: Optional[str] = None,
                 extack: Any = None, stype: Optional[str] = None,
                 entry: Any = None, lineno: Optional[int] = None) -> None:
        code = abs(code)
        self.meaning = error_meaning(code, stype)
        if msg is None and self.meaning:
            msg = self.meaning
            if code < C.IPSET_ERR_PRIVATE:
                msg = '%s: %s' % (os.strerror(code), self.meaning)
        super().__init__(code, msg, extack)
        self.stype = stype
        self.entry = entry
        self.lineno = lineno


# plain errno values as the ipset core uses them (ip_set_core.c)
_ERRNO_MEANINGS = {
    17: 'set with the same name already exists',  # EEXIST at create
    2: 'the set does not exist',  # ENOENT
    16: 'set is in use',  # EBUSY
    # EINVAL: an attribute failed the kernel's netlink policy (a string
    # too long, a wrong length), see the extack text
    22: 'the kernel refused a malformed attribute',
    7: 'element or attribute out of range',  # E2BIG
}


def error_meaning(code: int, stype: Optional[str] = None) -> Optional[str]:
    """The ipset meaning of ``code`` (None for an unknown errno)."""
    if code < C.IPSET_ERR_PRIVATE:
        return _ERRNO_MEANINGS.get(code)
    if code >= C.IPSET_ERR_TYPE_SPECIFIC:
        kind = (stype or '').split(':')[0]
        table = C.ipset_type_errors.get(kind)
        if table is None:
            return 'set type specific error %d' % code
        return table.get(code, 'set type specific error %d' % code)
    if code >= C.IPSET_ERR_PRIVATE:
        return C.ipset_errors.get(code, 'ipset error %d' % code)
    return None


class BatchResult:
    """What a batch did: ``count`` entries sent, ``done`` accepted,
    ``failed`` a list of ``(entry, IPSetError)``. True when none failed."""

    def __init__(self) -> None:
        self.count = 0
        self.done = 0
        self.failed: List[Tuple[Any, IPSetError]] = []
        self.messages = 0

    def __bool__(self) -> bool:
        return not self.failed

    def __repr__(self) -> str:
        return 'BatchResult(count=%d, done=%d, failed=%d, messages=%d)' % (
            self.count, self.done, len(self.failed), self.messages)


class IPSet:
    """ipset over nfnetlink. ``IPSet(netns=None, **socket_kwargs)``.

    The address family of each set created, renamed or swapped through
    this object is remembered, so that an entry of the other family raises
    FamilyMismatchError (a ValueError) before it is sent; ``family=`` on
    add/delete/test and the batches states it for any set. A remembered
    family that disagrees is first confirmed with IPSET_CMD_HEADER (the
    set may have been re-created by someone else).
    """

    def __init__(self, netns: Any = None, proto: Optional[int] = None,
                 flags: Optional[int] = None, **kwargs: Any) -> None:
        """``netns``/``flags``: as ``IPRoute(netns=..., flags=...)`` (a
        missing name is created unless ``flags`` says otherwise)."""
        if netns is not None:
            from pyroute2.netns import manage

            manage.prepare(netns, flags)
        self.nlsock = NFNetlinkSocket(netns=netns, **kwargs)
        self._proto = proto
        self._revisions: Dict[Tuple[str, int], Tuple[int, int]] = {}
        self._families: Dict[str, int] = {}

    # plumbing --------------------------------------------------------
    @property
    def proto(self) -> int:
        """The protocol version in use: the kernel's, at most 7."""
        if self._proto is None:
            self._proto = self.get_proto_version()
        return self._proto

    def _request(self, cmd: int, body: bytes, flags: int = _ACK,
                 stype: Optional[str] = None) -> List[Any]:
        req = RawRequest(body)
        try:
            return self.nlsock.nlm_request(req, _msg_type(cmd), flags)
        except NetlinkError as err:
            if isinstance(err, IPSetError):
                raise
            raise IPSetError(err.code, extack=err.extack,
                             stype=stype) from err

    def _body(self, name: Optional[str], *attrs: bytes,
              family: int = AF_INET) -> bytes:
        return _cmd_body(name, *attrs, family=family, proto=self.proto)

    def get_proto_version(self, version: int = C.IPSET_PROTOCOL) -> int:
        """Negotiate: the kernel's highest protocol version <= 7 (and
        >= 6, the oldest this library speaks)."""
        reply = self._request(C.IPSET_CMD_PROTOCOL,
                              _cmd_body(None, proto=version), NLM_F_REQUEST)
        kmax = reply[0].get_attr('IPSET_ATTR_PROTOCOL')
        kmin = reply[0].get_attr('IPSET_ATTR_PROTOCOL_MIN', kmax)
        use = min(kmax, C.IPSET_PROTOCOL)
        if use < max(kmin, C.IPSET_PROTOCOL_MIN):
            raise IPSetError(C.IPSET_ERR_PROTOCOL, (
                'the kernel speaks ipset protocol %d-%d, this library '
                '%d-%d' % (kmin, kmax, C.IPSET_PROTOCOL_MIN,
                           C.IPSET_PROTOCOL)))
        self._proto = use
        return use

    def get_type_revisions(self, stype: str, family: int = AF_INET
                           ) -> Tuple[int, int]:
        """(min, max) revision of set type ``stype`` (IPSET_CMD_TYPE)."""
        family = 0 if stype in _UNSPEC_TYPES else AF_INET
        key = (stype, family)
        if key not in self._revisions:
            reply = self._request(
                C.IPSET_CMD_TYPE, self._body(
                    None, _asciiz(C.IPSET_ATTR_TYPENAME, stype),
                    _u8(C.IPSET_ATTR_FAMILY, family)), NLM_F_REQUEST)
            rmax = reply[0].get_attr('IPSET_ATTR_REVISION')
            rmin = reply[0].get_attr('IPSET_ATTR_REVISION_MIN', rmax)
            self._revisions[key] = (rmin, rmax)
        return self._revisions[key]

    # sets --------------------------------------------------------------
    def create(self, name: str, stype: str = 'hash:ip',
               family: int = AF_INET, exclusive: bool = True,
               revision: Optional[int] = None, **kwargs: Any) -> List[Any]:
        """Create a set. Options: counters, comment, skbinfo, forceadd
        (flags), timeout, maxelem, hashsize, bucketsize, initval, netmask,
        bitmask, markmask, resize, size (list:set), range (bitmap types:
        '10.0.0.0/24', '10.0.0.0-10.0.0.9', '1000-2000' or a pair)."""
        if not isinstance(stype, str):
            raise TypeError('stype must be a string such as \'hash:ip\', '
                            'not %s' % type(stype).__name__)
        if stype in _UNSPEC_TYPES:
            family = 0
        elif family not in (AF_INET, AF_INET6):
            raise ValueError('family %r is neither AF_INET nor AF_INET6'
                             % (family,))
        check_setname(name, 'name')
        data = _create_data(stype, family, dict(kwargs))
        if revision is None:
            revision = self.get_type_revisions(stype, family)[1]
        body = self._body(name, _asciiz(C.IPSET_ATTR_TYPENAME, stype),
                          _u8(C.IPSET_ATTR_REVISION, revision),
                          _u8(C.IPSET_ATTR_FAMILY, family), data)
        flags = _ACK | NLM_F_CREATE | (NLM_F_EXCL if exclusive else 0)
        reply = self._request(C.IPSET_CMD_CREATE, body, flags, stype)
        if family:
            self._families[name] = family
        return reply

    def destroy(self, name: Optional[str] = None) -> List[Any]:
        """Destroy one set, or every set not in use when ``name`` is None."""
        reply = self._request(C.IPSET_CMD_DESTROY, self._body(name),
                              _ACK | NLM_F_EXCL)
        if name is None:
            self._families.clear()
        else:
            self._families.pop(name, None)
        return reply

    def flush(self, name: Optional[str] = None) -> List[Any]:
        """Remove all entries of a set (of every set when None)."""
        return self._request(C.IPSET_CMD_FLUSH, self._body(name))

    def rename(self, name_src: str, name_dst: str) -> List[Any]:
        """Rename a set."""
        check_setname(name_src, 'name_src')
        check_setname(name_dst, 'name_dst')
        reply = self._request(C.IPSET_CMD_RENAME, self._body(
            name_src, _asciiz(C.IPSET_ATTR_SETNAME2, name_dst)))
        family = self._families.pop(name_src, None)
        if family is not None:
            self._families[name_dst] = family
        return reply

    def swap(self, set_a: str, set_b: str) -> List[Any]:
        """Swap the contents of two sets of compatible types."""
        check_setname(set_a, 'set_a')
        check_setname(set_b, 'set_b')
        reply = self._request(C.IPSET_CMD_SWAP, self._body(
            set_a, _asciiz(C.IPSET_ATTR_SETNAME2, set_b)))
        # the kernel swaps only sets of one type and family
        family = self._families.get(set_a) or self._families.get(set_b)
        if family:
            self._families[set_a] = self._families[set_b] = family
        return reply

    def _dump(self, cmd: int, name: Optional[str], flags: int = 0
              ) -> Iterator[Any]:
        attrs = (_be32(C.IPSET_ATTR_FLAGS, flags),) if flags else ()
        req = RawRequest(self._body(name, *attrs))
        try:
            yield from self.nlsock.nlm_request_iter(
                req, _msg_type(cmd), _ACK | NLM_F_DUMP)
        except NetlinkError as err:
            raise IPSetError(err.code, extack=err.extack) from err

    def list(self, name: Optional[str] = None) -> List[Any]:
        """All sets (or one): one message per set, whose IPSET_ATTR_ADT
        holds every entry, however many reply messages the kernel used."""
        return _merge_parts(self._dump(C.IPSET_CMD_LIST, name))

    def list_parts(self, name: Optional[str] = None,
                   cmd: int = C.IPSET_CMD_LIST) -> Iterator[Any]:
        """The raw reply messages of a listing, streamed as they come."""
        return self._dump(cmd, name)

    def save(self, name: Optional[str] = None) -> List[Any]:
        """Like ``list`` with IPSET_CMD_SAVE."""
        return _merge_parts(self._dump(C.IPSET_CMD_SAVE, name))

    def headers(self, name: Optional[str] = None) -> List[Any]:
        """Set headers only (IPSET_FLAG_LIST_HEADER): no entries."""
        return _merge_parts(self._dump(C.IPSET_CMD_LIST, name,
                                       C.IPSET_FLAG_LIST_HEADER))

    def list_names(self) -> List[str]:
        """Names of all sets (IPSET_FLAG_LIST_SETNAME)."""
        return [m.get_attr('IPSET_ATTR_SETNAME') for m in _merge_parts(
            self._dump(C.IPSET_CMD_LIST, None, C.IPSET_FLAG_LIST_SETNAME))]

    def header(self, name: str) -> Any:
        """IPSET_CMD_HEADER: name, type, revision and family of a set."""
        return self._request(C.IPSET_CMD_HEADER, self._body(name),
                             NLM_F_REQUEST)[0]

    def get_set_byname(self, name: str) -> Any:
        """IPSET_CMD_GET_BYNAME: the reply carries IPSET_ATTR_INDEX."""
        return self._request(C.IPSET_CMD_GET_BYNAME, self._body(name),
                             NLM_F_REQUEST)[0]

    def get_set_byindex(self, index: int) -> Any:
        """IPSET_CMD_GET_BYINDEX: the reply carries IPSET_ATTR_SETNAME."""
        return self._request(C.IPSET_CMD_GET_BYINDEX, self._body(
            None, _be16(C.IPSET_ATTR_INDEX, index)), NLM_F_REQUEST)[0]

    # entries ------------------------------------------------------------
    def _set_family(self, name: str) -> Optional[int]:
        """The family of set ``name`` from the kernel (IPSET_CMD_HEADER),
        remembered; None if the set cannot be read or has none."""
        try:
            head = self.header(name)
        except NetlinkError:
            self._families.pop(name, None)
            return None
        family = head.get_attr('IPSET_ATTR_FAMILY')
        if family in (AF_INET, AF_INET6):
            self._families[name] = family
            return int(family)
        self._families.pop(name, None)
        return None

    def _encode(self, name: str, family: Optional[int],
                encode: Callable[[Optional[int]], Any]) -> Any:
        """``encode(family)`` with the set's family: ``family`` if given,
        else the remembered one, confirmed by the kernel on a mismatch."""
        if family is not None:
            return encode(family)
        known = self._families.get(name)
        try:
            return encode(known)
        except FamilyMismatchError:
            if self._set_family(name) == known:
                raise
        return encode(self._families.get(name))

    def _adt(self, cmd: int, name: str, entry: Any, etype: str,
             exclusive: bool, family: Optional[int],
             kw: Dict[str, Any]) -> List[Any]:
        lineno = None if cmd == C.IPSET_CMD_TEST else 0
        check_setname(name, 'name')
        data = self._encode(name, family, lambda fam: encode_entry(
            entry, etype, lineno, fam, **kw))
        flags = _ACK | (NLM_F_EXCL if exclusive else 0)
        try:
            return self._request(cmd, self._body(name, data), flags)
        except IPSetError as err:
            if err.code >= C.IPSET_ERR_TYPE_SPECIFIC:
                err = self._typed(err, name)
            elif err.code == C.IPSET_ERR_PROTOCOL:
                err = self._explain(err, name, entry, etype)
            err.entry = entry
            raise err

    def _typed(self, err: IPSetError, name: str) -> IPSetError:
        """The same error, with the meaning for the set's type."""
        try:
            stype = self.header(name).get_attr('IPSET_ATTR_TYPENAME')
        except NetlinkError:
            return err
        new = IPSetError(err.code, extack=err.extack, stype=stype,
                         entry=err.entry, lineno=err.lineno)
        new.__cause__ = err
        return new

    def _explain(self, err: IPSetError, name: str, entry: Any,
                 etype: str) -> IPSetError:
        """IPSET_ERR_PROTOCOL for an entry: if the entry's addresses are
        of the other family than the set (read from the kernel, and
        remembered for the next call), say so in the message."""
        family = self._set_family(name)
        try:
            encode_entry(entry, etype, None, family)
        except FamilyMismatchError as why:
            new = IPSetError(err.code, '%s: %s' % (err.meaning, why),
                             extack=err.extack, entry=entry)
            new.__cause__ = err
            return new
        except (ValueError, TypeError):
            pass
        return err

    def add(self, name: str, entry: Any, etype: str = 'ip',
            exclusive: bool = True, family: Optional[int] = None,
            **kwargs: Any) -> List[Any]:
        """Add an entry. Options: timeout, comment, packets, bytes,
        skbmark (int or (mark, mask)), skbprio, skbqueue, nomatch,
        before/after (list:set). ``family``: the set's (AF_INET or
        AF_INET6), if the caller knows it; see the class docstring."""
        return self._adt(C.IPSET_CMD_ADD, name, entry, etype, exclusive,
                         family, kwargs)

    def delete(self, name: str, entry: Any, etype: str = 'ip',
               exclusive: bool = True, family: Optional[int] = None,
               **kwargs: Any) -> List[Any]:
        """Delete an entry (``exclusive=False``: no error if absent)."""
        return self._adt(C.IPSET_CMD_DEL, name, entry, etype, exclusive,
                         family, kwargs)

    def test(self, name: str, entry: Any, etype: str = 'ip',
             family: Optional[int] = None, **kwargs: Any) -> bool:
        """True if the entry is in the set."""
        try:
            self._adt(C.IPSET_CMD_TEST, name, entry, etype, False, family,
                      kwargs)
        except IPSetError as err:
            if err.code == C.IPSET_ERR_EXIST:
                return False
            raise
        return True

    # batches ----------------------------------------------------------
    def add_batch(self, name: str, entries: Iterable[Any],
                  etype: str = 'ip', exclusive: bool = True,
                  family: Optional[int] = None,
                  **kwargs: Any) -> BatchResult:
        """Add many entries, packed like ``ipset restore``; returns a
        BatchResult (failed entries with their IPSetError, none lost).
        Options as in ``add`` apply to every entry. A mistake in any
        entry raises ValueError/TypeError before anything is sent."""
        return self._batch(C.IPSET_CMD_ADD, name, entries, etype,
                           exclusive, family, kwargs)

    def delete_batch(self, name: str, entries: Iterable[Any],
                     etype: str = 'ip', exclusive: bool = True,
                     family: Optional[int] = None,
                     **kwargs: Any) -> BatchResult:
        """Delete many entries; see ``add_batch``."""
        return self._batch(C.IPSET_CMD_DEL, name, entries, etype,
                           exclusive, family, kwargs)

    def _encode_all(self, entries: List[Any], etype: str,
                    kw: Dict[str, Any],
                    family: Optional[int] = None) -> List[bytes]:
        if etype == 'ip' and not kw and entries and _dotted(entries[0]) \
                and family in (None, AF_INET):
            fast = _fast_entries(entries, 1)
            if fast is not None:
                return fast
        return [encode_entry(e, etype, i + 1, family, **kw)
                for i, e in enumerate(entries)]

    def _batch(self, cmd: int, name: str, entries: Iterable[Any],
               etype: str, exclusive: bool, family: Optional[int],
               kw: Dict[str, Any]) -> BatchResult:
        entries = list(entries)
        check_setname(name, 'name')
        datas = self._encode(name, family, lambda fam: self._encode_all(
            entries, etype, kw, fam))
        result = BatchResult()
        result.count = len(entries)
        flags = _ACK | (NLM_F_EXCL if exclusive else 0)
        start = 0
        stype = None
        while start < len(datas):
            stop, size = start, 0
            while stop < len(datas) and size + len(datas[stop]) <= \
                    _ADT_LIMIT:
                size += len(datas[stop])
                stop += 1
            if stop == start:
                raise ValueError('entry %r too large' % (entries[start],))
            adt = _HH.pack(4 + size, C.IPSET_ATTR_ADT | _NESTED)
            body = self._body(name, _be32(C.IPSET_ATTR_LINENO, start + 1),
                              adt, *datas[start:stop])
            req = RawRequest(body)
            result.messages += 1
            try:
                self.nlsock.nlm_request(req, _msg_type(cmd), flags)
            except NetlinkError as err:
                seq = req['header']['sequence_number']
                line = _find_lineno(self.nlsock.error_request(seq))
                if line is None or not start < line <= stop:
                    raise IPSetError(err.code, extack=err.extack) from err
                if stype is None and err.code >= C.IPSET_ERR_TYPE_SPECIFIC:
                    stype = self.header(name).get_attr('IPSET_ATTR_TYPENAME')
                result.done += line - 1 - start
                result.failed.append((entries[line - 1], IPSetError(
                    err.code, extack=err.extack, stype=stype,
                    entry=entries[line - 1], lineno=line)))
                start = line
                continue
            result.done += stop - start
            start = stop
        return result

    # lifetime -----------------------------------------------------------
    def close(self) -> None:
        """Close the socket."""
        self.nlsock.close()

    def __enter__(self) -> 'IPSet':
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _merge_parts(replies: Iterable[Any]) -> List[Any]:
    """One message per set: later parts' entries appended to the first
    part's IPSET_ATTR_ADT (the kernel splits big sets over messages and
    sends the header only in the first)."""
    sets: Dict[Any, Any] = {}
    entries: Dict[Any, List[Any]] = {}
    for msg in replies:
        if msg['header']['type'] < 16:
            continue
        name = msg.get_attr('IPSET_ATTR_SETNAME')
        adt = msg.get_attr('IPSET_ATTR_ADT')
        if name not in sets:
            sets[name] = msg
            entries[name] = []
        if adt is not None:
            entries[name].append(adt)
    out = []
    for name, msg in sets.items():
        parts = entries[name]
        if len(parts) > 1:
            merged = C.ipset_adt()
            merged['attrs'] = [pair for part in parts
                               for pair in part['attrs']]
            attrs = [pair for pair in msg['attrs']
                     if pair[0] != 'IPSET_ATTR_ADT']
            attrs.append(['IPSET_ATTR_ADT', merged])
            msg['attrs'] = attrs
        out.append(msg)
    return out
