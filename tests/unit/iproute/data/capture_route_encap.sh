#!/usr/bin/env bash
# Capture what iproute2's ip sends for routes with a lightweight tunnel
# encapsulation (ip route ... encap mpls|seg6|seg6local|bpf|ip|ip6), into
# route_encap_requests.txt (read by tests/unit/iproute/test_route_encap.py).
#
# Run as root:  bash tests/unit/iproute/data/capture_route_encap.sh [OUTPUT]
#
# The kernel does not have to support an encapsulation: ip builds and sends
# the whole request before the kernel answers (a kernel without
# CONFIG_MPLS_IPTUNNEL refuses 'encap mpls'), and the request is what is
# recorded. The kernel's answer (errno and extended ACK) is kept as a
# comment above each vector.
#
# Everything runs inside a throwaway network namespace (encap-<pid>-<rand>),
# deleted on exit, also on failure; the initial namespace is never touched.
# The bpf cases mount a bpf filesystem inside a private mount namespace of
# that netns, load 2-instruction LWT_IN/OUT/XMIT/SEG6LOCAL programs there
# (bpf(2) via ctypes) and pin them, so that ip can pass their fds; they are
# skipped with a warning where bpf(2) does not work. The output is written
# only if every capture yielded exactly one route request.
#
# Format of the output: '#' comment lines, then one line per vector:
#   NAME TYPE FLAGS PAYLOAD-HEX     (payload: the bytes after the nlmsghdr)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GOLDEN=$(cd "$HERE/../../../golden" && pwd)
OUT=${1:-$HERE/route_encap_requests.txt}
NS="encap-$$-$RANDOM"
WORK=$(mktemp -d /tmp/pyr2encap.XXXXXX)
PINS=/sys/fs/bpf/pyr2lwt

cleanup() {
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "capture_route_encap.sh: must run as root" >&2; exit 1; }
for tool in strace ip python3 unshare; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

ip netns add "$NS"
nsx() { ip netns exec "$NS" "$@"; }

# --- what a capture does ------------------------------------------------------
STRACE=(strace -f -yy -xx -s 65536 -e trace=sendmsg,sendto,recvmsg
        -e write=all -e read=all)

# extract NAME TRACE ARGS...: append the route request of TRACE
extract() {
    local name=$1 trace=$2
    shift 2
    python3 - "$GOLDEN" "$trace" "$name" "$@" >>"$WORK/vectors.txt" <<'EOF'
import shlex, struct, sys
sys.path.insert(0, sys.argv[1])
import strace2vec  # tests/golden: bytes from strace's hex dumps only

trace, name, argv = sys.argv[2], sys.argv[3], sys.argv[4:]
with open(trace, encoding='utf-8', errors='replace') as f:
    payloads = strace2vec.parse_trace(iter(f))
ROUTE_TYPES = (24, 25)  # RTM_NEWROUTE, RTM_DELROUTE
requests, answers = [], {}
for payload in payloads:
    for msg in strace2vec.split_messages(payload.data)[0]:
        _len, mtype, flags, seq, _pid = struct.unpack_from('=IHHII', msg)
        if payload.direction == 'request' and mtype in ROUTE_TYPES:
            requests.append((mtype, flags, seq, msg[16:]))
        elif payload.direction == 'reply' and mtype == 2:
            answers[seq] = strace2vec.describe_error(msg[16:], flags)
if len(requests) != 1:
    sys.exit('%s: %d route requests in %s' % (name, len(requests), trace))
mtype, flags, seq, body = requests[0]
print('# ip %s  -> kernel: %s' % (shlex.join(argv),
                                   answers.get(seq, 'no answer')))
print('%s %d 0x%x %s' % (name, mtype, flags, body.hex()))
EOF
}

# capture NAME IP-ARGS...: strace ip inside the namespace (ip may fail:
# the kernel's refusal is expected for what it does not have)
capture() {
    local name=$1
    shift
    nsx "${STRACE[@]}" -o "$WORK/$name.trace" ip "$@" \
        >"$WORK/$name.out" 2>&1 || true
    extract "$name" "$WORK/$name.trace" "$@"
    echo "captured $name: ip $* ($(tr '\n' ' ' <"$WORK/$name.out"))"
}

# a bpf(2) loader: BPF_PROG_LOAD 'r0 = 0; exit' of the given program type
# (10 LWT_IN, 11 LWT_OUT, 12 LWT_XMIT, 19 LWT_SEG6LOCAL: enum bpf_prog_type
# in linux/bpf.h), then BPF_OBJ_PIN at the given path
cat >"$WORK/loadbpf.py" <<'EOF'
import ctypes, os, platform, struct, sys
NR_BPF = {'x86_64': 321, 'aarch64': 280, 'riscv64': 280, 's390x': 351,
          'ppc64le': 361, 'i686': 357, 'armv7l': 386}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
def bpf(cmd, attr):
    res = libc.syscall(NR_BPF, cmd, attr, len(attr))
    if res < 0:
        sys.exit('bpf(%d): %s' % (cmd, os.strerror(ctypes.get_errno())))
    return res
insns = ctypes.create_string_buffer(bytes.fromhex('b700000000000000'
                                                  '9500000000000000'))
lic = ctypes.create_string_buffer(b'GPL')
for ptype, path in zip(sys.argv[1::2], sys.argv[2::2]):
    attr = ctypes.create_string_buffer(128)
    struct.pack_into('=IIQQ', attr, 0, int(ptype), 2,
                     ctypes.addressof(insns), ctypes.addressof(lic))
    fd = bpf(5, attr)
    cpath = ctypes.create_string_buffer(path.encode())
    attr = ctypes.create_string_buffer(128)
    struct.pack_into('=QI', attr, 0, ctypes.addressof(cpath), fd)
    bpf(6, attr)
EOF

# capture_pinned NAME IP-ARGS...: as capture, with the programs pinned at
# $PINS-in, -out, -xmit, -seg6local in a private mount namespace (nothing
# mounted outside it)
capture_pinned() {
    local name=$1
    shift
    if ! nsx unshare --mount --propagation private sh -c \
        'mount -t bpf bpf /sys/fs/bpf && python3 "$1" 10 "$2-in" \
         11 "$2-out" 12 "$2-xmit" 19 "$2-seg6local" && shift 2 && exec "$@"' \
        sh "$WORK/loadbpf.py" "$PINS" \
        "${STRACE[@]}" -o "$WORK/$name.trace" ip "$@" \
        >"$WORK/$name.out" 2>&1; then
        if ! grep -q 'NEWROUTE' "$WORK/$name.trace" 2>/dev/null; then
            echo "WARNING: $name skipped: $(cat "$WORK/$name.out")" >&2
            return 0
        fi
    fi
    extract "$name" "$WORK/$name.trace" "$@"
    echo "captured $name: ip $* ($(tr '\n' ' ' <"$WORK/$name.out"))"
}

# --- links ---------------------------------------------------------------------
nsx ip link set lo up
nsx ip link add v0 type veth peer name v1
for dev in v0 v1; do nsx ip link set "$dev" up; done
nsx ip addr add 10.0.0.1/24 dev v0
nsx ip addr add fd00::1/64 dev v0 nodad
MAP=$(nsx ip -j link show | python3 -c '
import json, sys
links = {l["ifname"]: l["ifindex"] for l in json.load(sys.stdin)}
print(" ".join("%s=%d" % (n, links[n]) for n in ("v0", "v1")))')
{
    echo "# route requests captured with strace from $(ip -V | head -1)"
    echo "# on Linux $(uname -r) by capture_route_encap.sh (payload after nlmsghdr)"
    echo "# ip leaves stack bytes in the alignment padding after 1- and"
    echo "# 2-byte attributes (the kernel ignores padding): kept as sent"
    echo "# name type flags payload-hex   (ifindex: $MAP)"
} >"$WORK/vectors.txt"

# --- mpls (linux/mpls_iptunnel.h) ------------------------------------------------
capture mpls_labels route add 10.1.0.0/24 encap mpls 100/200 via 10.0.0.2 dev v0
capture mpls_ttl route add 10.1.1.0/24 encap mpls 300 ttl 10 dev v0
capture mpls_max route add 10.1.2.0/24 encap mpls 1048575/16/0 \
    via 10.0.0.2 dev v0
capture mpls_v6 -6 route add fd01:1::/64 encap mpls 100 via fd00::2 dev v0
capture mpls_multipath route add 10.1.3.0/24 \
    nexthop encap mpls 100 via 10.0.0.2 dev v0 \
    nexthop encap mpls 200/300 via 10.0.0.3 dev v0 weight 2
capture mpls_del route del 10.1.0.0/24 encap mpls 100/200 via 10.0.0.2 dev v0

# --- seg6 (linux/seg6_iptunnel.h) ------------------------------------------------
capture seg6_encap -6 route add fd01::/64 encap seg6 mode encap \
    segs fc00::1,fc00::2 dev v0
capture seg6_inline -6 route add fd03::/64 encap seg6 mode inline \
    segs fc00::1,fc00::2 dev v0
capture seg6_l2encap -6 route add fd04::/64 encap seg6 mode l2encap \
    segs fc00::1 dev v0
capture seg6_encap_red -6 route add fd05::/64 encap seg6 mode encap.red \
    segs fc00::1,fc00::2,fc00::3 dev v0
capture seg6_l2encap_red -6 route add fd06::/64 encap seg6 \
    mode l2encap.red segs fc00::1,fc00::2 dev v0
capture seg6_hmac -6 route add fd07::/64 encap seg6 mode encap \
    segs fc00::1,fc00::2 hmac 7 dev v0
capture seg6_v4 route add 10.2.0.0/24 encap seg6 mode encap segs fc00::1 dev v0
capture seg6_multipath -6 route add fd08::/64 \
    nexthop encap seg6 mode encap segs fc00::1 via fd00::2 dev v0 \
    nexthop encap seg6 mode inline segs fc00::2,fc00::3 via fd00::3 dev v0

# --- seg6local (linux/seg6_local.h) ----------------------------------------------
L=(-6 route add)
capture seg6local_end "${L[@]}" fc00::100/128 encap seg6local action End dev v0
capture seg6local_end_x "${L[@]}" fc00::101/128 encap seg6local \
    action End.X nh6 fd00::2 dev v0
capture seg6local_end_t "${L[@]}" fc00::102/128 encap seg6local \
    action End.T table 100 dev v0
capture seg6local_end_dx2 "${L[@]}" fc00::103/128 encap seg6local \
    action End.DX2 oif v1 dev v0
capture seg6local_end_dx4 "${L[@]}" fc00::104/128 encap seg6local \
    action End.DX4 nh4 10.0.0.2 dev v0
capture seg6local_end_dx6 "${L[@]}" fc00::105/128 encap seg6local \
    action End.DX6 nh6 fd00::2 dev v0
capture seg6local_end_dt6 "${L[@]}" fc00::106/128 encap seg6local \
    action End.DT6 table 100 dev v0
capture seg6local_end_dt4 "${L[@]}" fc00::107/128 encap seg6local \
    action End.DT4 vrftable 100 dev v0
capture seg6local_end_dt46 "${L[@]}" fc00::108/128 encap seg6local \
    action End.DT46 vrftable 100 dev v0
capture seg6local_end_b6 "${L[@]}" fc00::109/128 encap seg6local \
    action End.B6 srh segs fc00::1,fc00::2 dev v0
capture seg6local_end_b6_encaps "${L[@]}" fc00::10a/128 encap seg6local \
    action End.B6.Encaps srh segs fc00::1,fc00::2 dev v0
capture seg6local_count "${L[@]}" fc00::10b/128 encap seg6local \
    action End.X nh6 fd00::2 count dev v0
capture seg6local_flavors "${L[@]}" fc00::10c/128 encap seg6local \
    action End flavors next-csid lblen 48 nflen 16 dev v0
capture seg6local_psp "${L[@]}" fc00::10d/128 encap seg6local \
    action End flavors psp,usd dev v0
capture_pinned seg6local_bpf "${L[@]}" fc00::10e/128 encap seg6local \
    action End.BPF endpoint pinned "$PINS-seg6local" dev v0

# --- ip / ip6 (linux/lwtunnel.h) -------------------------------------------------
capture ip_encap route add 10.3.0.0/24 encap ip id 5 dst 10.0.0.9 \
    src 10.0.0.1 ttl 64 tos 0x10 key csum dev v0
capture ip6_encap -6 route add fd09::/64 encap ip6 id 6 dst fd00::9 \
    src fd00::1 hoplimit 32 tc 0x20 seq dev v0

# --- xfrm (linux/lwtunnel.h: LWT_XFRM_*) -----------------------------------------
# (dev first: ip 6.1 ignores arguments after its xfrm encap ones)
capture xfrm route add 10.5.0.0/24 dev v0 encap xfrm if_id 5 link_dev v1

# --- bpf (linux/lwtunnel.h: LWT_BPF_*) ------------------------------------------
capture_pinned bpf_xmit route add 10.4.0.0/24 encap bpf xmit pinned \
    "$PINS-xmit" headroom 14 dev v0
capture_pinned bpf_in_out route add 10.4.1.0/24 encap bpf in pinned \
    "$PINS-in" out pinned "$PINS-out" dev v0

mv "$WORK/vectors.txt" "$OUT"
echo "done: $(grep -vc '^#' "$OUT") vectors in $OUT"
