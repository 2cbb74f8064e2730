#!/usr/bin/env bash
# Capture what iproute2's bridge and ip send for the requests checked by
# tests/unit/iproute/test_compat_requests.py (fdb master/self entries, vlan
# protocols, address flags above 0xFF), into compat_requests.txt.
#
# Run as root:  bash tests/unit/iproute/data/capture_compat.sh [OUTPUT]
#
# The kernel does not have to support a kind (this one has no vlan): the
# tool sends the whole request before the kernel answers, and the request
# is what is recorded; the answer is kept as a comment above each vector.
# Everything runs inside a throwaway network namespace, deleted on exit
# (also on failure); the initial namespace is never touched. The output is
# written only if every capture yielded exactly one request (ip's empty
# RTM_NEWLINK probe is not one).
#
# Format: '#' comment lines, then one line per vector:
#   NAME TYPE FLAGS PAYLOAD-HEX     (payload: the bytes after the nlmsghdr)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GOLDEN=$(cd "$HERE/../../../golden" && pwd)
OUT=${1:-$HERE/compat_requests.txt}
NS="pyr2cap-$$-$RANDOM"
WORK=$(mktemp -d /tmp/pyr2cap.XXXXXX)

cleanup() {
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "capture_compat.sh: must run as root" >&2; exit 1; }
for tool in strace ip bridge python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

ip netns add "$NS"
nsx() { ip netns exec "$NS" "$@"; }
STRACE=(strace -f -yy -xx -s 65536 -e trace=sendmsg,sendto,recvmsg
        -e write=all -e read=all)

# capture NAME TYPE TOOL ARGS...: the one request of message TYPE
capture() {
    local name=$1 mtype=$2
    shift 2
    nsx "${STRACE[@]}" -o "$WORK/$name.trace" "$@" \
        >"$WORK/$name.out" 2>&1 || true
    python3 - "$GOLDEN" "$WORK/$name.trace" "$name" "$mtype" "$@" \
        >>"$WORK/vectors.txt" <<'EOF'
import shlex, struct, sys
sys.path.insert(0, sys.argv[1])
import strace2vec  # tests/golden: bytes from strace's hex dumps only

trace, name, want, argv = sys.argv[2], sys.argv[3], int(sys.argv[4]), \
    sys.argv[5:]
with open(trace, encoding='utf-8', errors='replace') as handle:
    payloads = strace2vec.parse_trace(iter(handle))
requests, answers = [], {}
for payload in payloads:
    for msg in strace2vec.split_messages(payload.data)[0]:
        _len, mtype, flags, seq, _pid = struct.unpack_from('=IHHII', msg)
        if payload.direction == 'request' and mtype == want:
            requests.append((mtype, flags, seq, msg[16:]))
        elif payload.direction == 'reply' and mtype == 2:
            answers[seq] = strace2vec.describe_error(msg[16:], flags)
# ip opens with an empty RTM_NEWLINK (a probe of the kernel's checks):
# not the request
requests = [req for req in requests if req[3].strip(b'\0')]
if len(requests) != 1:
    sys.exit('%s: %d requests in %s' % (name, len(requests), trace))
mtype, flags, seq, body = requests[0]
print('# %s  -> kernel: %s' % (shlex.join(argv), answers.get(seq, 'none')))
print('%s %d 0x%x %s' % (name, mtype, flags, body.hex()))
EOF
    echo "captured $name: $* ($(tr '\n' ' ' <"$WORK/$name.out"))"
}

nsx ip link add v0 type veth peer name v1
nsx ip link add br0 type bridge
nsx ip link set v0 master br0
for dev in v0 v1 br0; do nsx ip link set "$dev" up; done
MAP=$(nsx ip -j link show | python3 -c '
import json, sys
links = {l["ifname"]: l["ifindex"] for l in json.load(sys.stdin)}
print(" ".join("%s=%d" % (n, links[n]) for n in ("v0", "v1", "br0")))')
{
    echo "# requests captured with strace from $(ip -V)"
    echo "# on Linux $(uname -r) by capture_compat.sh (payload after nlmsghdr)"
    echo "# name type flags payload-hex   (ifindex: $MAP)"
} >"$WORK/vectors.txt"

RTM_NEWLINK=16 RTM_NEWADDR=20 RTM_NEWNEIGH=28 RTM_DELNEIGH=29
capture fdb_master $RTM_NEWNEIGH bridge fdb add 02:00:00:00:aa:01 dev v0 master
capture fdb_master_static $RTM_NEWNEIGH bridge fdb add 02:00:00:00:aa:02 \
    dev v0 master static
capture fdb_self $RTM_NEWNEIGH bridge fdb add 02:00:00:00:aa:03 dev v0 self
capture fdb_master_self $RTM_NEWNEIGH bridge fdb add 02:00:00:00:aa:04 \
    dev v0 master self
capture fdb_master_del $RTM_DELNEIGH bridge fdb del 02:00:00:00:aa:01 \
    dev v0 master
capture vlan_8021ad $RTM_NEWLINK ip link add link v1 name vl0 type vlan \
    id 5 protocol 802.1ad
capture vlan_8021q $RTM_NEWLINK ip link add link v1 name vl1 type vlan \
    id 6 protocol 802.1Q
capture addr_noprefixroute $RTM_NEWADDR ip addr add 10.0.9.1/24 dev v1 \
    noprefixroute
capture addr_nodad $RTM_NEWADDR ip addr add 2001:db8::1/64 dev v1 nodad

mv "$WORK/vectors.txt" "$OUT"
echo "wrote $OUT"
