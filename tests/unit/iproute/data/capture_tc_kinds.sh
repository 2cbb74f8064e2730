#!/usr/bin/env bash
# Capture what iproute2's tc sends for the qdisc, filter and action kinds
# that pyroute2.iproute.tc_qdiscs / tc_filters / tc_actions encode, into
# tc_kinds_requests.txt (read by tests/unit/iproute/test_tc_kinds.py).
#
# Run as root:  bash tests/unit/iproute/data/capture_tc_kinds.sh [OUTPUT]
#
# The kernel does not have to support a kind: tc builds and sends the whole
# request before the kernel answers (this kernel has none of prio, netem,
# sfq, fq_codel, matchall, basic, fw, bpf, police, gact and says so), and
# the request is what is recorded. The kernel's answer is kept as a
# comment above each vector.
#
# Everything runs inside a throwaway network namespace, deleted on exit
# (also on failure); the initial namespace is never touched. The bpf 'fd'
# case mounts a bpf filesystem inside a private mount namespace of that
# netns, loads a 2-instruction SCHED_CLS program there (bpf(2) via ctypes)
# and pins it, so that tc can pass its fd; it is skipped with a warning
# where bpf(2) does not work. The output is written only if every capture
# yielded exactly one tc request.
#
# Format of the output: '#' comment lines, then one line per vector:
#   NAME TYPE FLAGS PAYLOAD-HEX     (payload: the bytes after the nlmsghdr)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GOLDEN=$(cd "$HERE/../../../golden" && pwd)
OUT=${1:-$HERE/tc_kinds_requests.txt}
NS="pyr2cap-$$-$RANDOM"
WORK=$(mktemp -d /tmp/pyr2cap.XXXXXX)
PIN=/sys/fs/bpf/pyr2prog

cleanup() {
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "capture_tc_kinds.sh: must run as root" >&2; exit 1; }
for tool in strace ip tc python3 unshare; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

ip netns add "$NS"
nsx() { ip netns exec "$NS" "$@"; }

# --- what a capture does ------------------------------------------------------
STRACE=(strace -f -yy -xx -s 65536 -e trace=sendmsg,sendto,recvmsg
        -e write=all -e read=all)

# extract NAME TRACE ARGS...: append the tc request of TRACE to the output
extract() {
    local name=$1 trace=$2
    shift 2
    python3 - "$GOLDEN" "$trace" "$name" "$@" >>"$WORK/vectors.txt" <<'EOF'
import shlex, struct, sys
sys.path.insert(0, sys.argv[1])
import strace2vec  # tests/golden: bytes from strace's hex dumps only

trace, name, argv = sys.argv[2], sys.argv[3], sys.argv[4:]
with open(trace, encoding='utf-8', errors='replace') as handle:
    payloads = strace2vec.parse_trace(iter(handle))
TC_TYPES = {36, 37, 40, 41, 44, 45}  # RTM_{NEW,DEL}{QDISC,TCLASS,TFILTER}
requests, answers = [], {}
for payload in payloads:
    for msg in strace2vec.split_messages(payload.data)[0]:
        _len, mtype, flags, seq, _pid = struct.unpack_from('=IHHII', msg)
        if payload.direction == 'request' and mtype in TC_TYPES:
            requests.append((mtype, flags, seq, msg[16:]))
        elif payload.direction == 'reply' and mtype == 2:
            answers[seq] = strace2vec.describe_error(msg[16:], flags)
if len(requests) != 1:
    sys.exit('%s: %d tc requests in %s' % (name, len(requests), trace))
mtype, flags, seq, body = requests[0]
print('# tc %s  -> kernel: %s' % (shlex.join(argv),
                                   answers.get(seq, 'no answer')))
print('%s %d 0x%x %s' % (name, mtype, flags, body.hex()))
EOF
}

# capture NAME TC-ARGS...: strace tc inside the namespace (tc may fail:
# the kernel's refusal is expected for kinds it does not have)
capture() {
    local name=$1
    shift
    nsx "${STRACE[@]}" -o "$WORK/$name.trace" tc "$@" \
        >"$WORK/$name.out" 2>&1 || true
    extract "$name" "$WORK/$name.trace" "$@"
    echo "captured $name: tc $* ($(tr '\n' ' ' <"$WORK/$name.out"))"
}

# a bpf(2) loader: BPF_PROG_LOAD 'r0 = 0; exit' (SCHED_CLS), BPF_OBJ_PIN
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
attr = ctypes.create_string_buffer(128)
struct.pack_into('=IIQQ', attr, 0, 3, 2, ctypes.addressof(insns),
                 ctypes.addressof(lic))
fd = bpf(5, attr)
path = ctypes.create_string_buffer(sys.argv[1].encode())
attr = ctypes.create_string_buffer(128)
struct.pack_into('=QI', attr, 0, ctypes.addressof(path), fd)
bpf(6, attr)
EOF

# capture_pinned NAME TC-ARGS...: as capture, with the program pinned at
# $PIN in a private mount namespace (nothing mounted outside it)
capture_pinned() {
    local name=$1
    shift
    if ! nsx unshare --mount --propagation private sh -c \
        'mount -t bpf bpf /sys/fs/bpf && python3 "$1" "$2" &&
         shift 2 && exec "$@"' \
        sh "$WORK/loadbpf.py" "$PIN" \
        "${STRACE[@]}" -o "$WORK/$name.trace" tc "$@" \
        >"$WORK/$name.out" 2>&1; then
        if ! grep -q 'NEWTFILTER' "$WORK/$name.trace" 2>/dev/null; then
            echo "WARNING: $name skipped: $(cat "$WORK/$name.out")" >&2
            return 0
        fi
    fi
    extract "$name" "$WORK/$name.trace" "$@"
    echo "captured $name: tc $* ($(tr '\n' ' ' <"$WORK/$name.out"))"
}

# --- links (the same ifindex map as tc_requests.txt) -------------------------
nsx ip link set lo up
nsx ip link add v0 type veth peer name v1
nsx ip link add v2 type veth peer name v3
for dev in v0 v1 v2 v3; do nsx ip link set "$dev" up; done
MAP=$(nsx ip -j link show | python3 -c '
import json, sys
links = {l["ifname"]: l["ifindex"] for l in json.load(sys.stdin)}
print(" ".join("%s=%d" % (n, links[n]) for n in ("v0", "v1", "v2", "v3")))')
{
    echo "# tc requests captured with strace from $(tc -V | head -1)"
    echo "# on Linux $(uname -r) by capture_tc_kinds.sh (payload after nlmsghdr)"
    echo "# name type flags payload-hex   (ifindex: $MAP)"
} >"$WORK/vectors.txt"

# --- qdiscs (v0 has no root qdisc yet) ---------------------------------------
Q=(qdisc add dev v0 root handle 1:)
capture prio "${Q[@]}" prio
capture prio_map "${Q[@]}" prio bands 4 priomap 3 2 1 0 1 2 0 0 1 1 1 1 1 1 1 3
capture prio_part "${Q[@]}" prio priomap 0 1 2
capture netem "${Q[@]}" netem
capture netem_delay "${Q[@]}" netem delay 10ms 2ms 25% limit 500
capture netem_frac "${Q[@]}" netem delay 1.5ms 0.3ms
capture netem_loss "${Q[@]}" netem loss 1% 10% duplicate 0.5% corrupt 0.1% 5%
capture netem_reorder "${Q[@]}" netem delay 10ms reorder 25% 50%
capture netem_gap "${Q[@]}" netem delay 10ms reorder 25% gap 5
capture netem_rate "${Q[@]}" netem rate 1mbit -20 100 -5
capture netem_ecn "${Q[@]}" netem loss 1% ecn
capture netem_all "${Q[@]}" netem delay 10ms 2ms 25% loss 1% 10% \
    duplicate 2% 3% reorder 25% 50% gap 5 corrupt 0.1% 5% \
    rate 40gbit 20 100 5 ecn limit 2000
capture netem_replace qdisc replace dev v2 root handle 2: netem delay 100s \
    loss 100%
capture sfq "${Q[@]}" sfq
capture sfq_opts "${Q[@]}" sfq perturb 10 quantum 1514 limit 127
capture sfq_flows "${Q[@]}" sfq divisor 1024 flows 64 depth 64 headdrop
capture fq_codel "${Q[@]}" fq_codel
capture fq_codel_opts "${Q[@]}" fq_codel limit 1000 flows 1024 target 5ms \
    interval 100ms quantum 1514 ecn
capture fq_codel_more "${Q[@]}" fq_codel noecn ce_threshold 1ms \
    memory_limit 32Mb drop_batch 64
capture fq_codel_change qdisc change dev v0 root handle 1: fq_codel target 3ms

# --- filters and actions (parents that exist: htb 1: and ingress) ------------
nsx tc qdisc add dev v0 root handle 1: htb default 10
nsx tc qdisc add dev v0 ingress
F=(filter add dev v0)
capture matchall_drop "${F[@]}" parent ffff: prio 1 matchall action drop
capture matchall_classid "${F[@]}" parent 1: prio 1 protocol ip matchall \
    classid 1:10
capture matchall_skip "${F[@]}" parent ffff: prio 2 matchall classid 1:10 \
    skip_sw action pass
capture basic "${F[@]}" parent 1: prio 2 protocol ip basic classid 1:10 \
    action drop
capture basic_bare "${F[@]}" parent 1: prio 3 basic
capture fw "${F[@]}" parent 1: prio 3 protocol ip handle 5 fw classid 1:10 \
    action drop
capture fw_mask "${F[@]}" parent 1: prio 3 handle 0x10/0xf0 fw classid 1:20
capture fw_del filter del dev v0 parent 1: prio 3 protocol ip handle 5 fw
capture bpf_ops "${F[@]}" parent 1: prio 4 bpf bytecode '1,6 0 0 0' \
    classid 1:10
capture bpf_da "${F[@]}" parent 1: prio 5 protocol ip bpf \
    bytecode '4,40 0 0 12,21 0 1 2048,6 0 0 65535,6 0 0 0' skip_sw da
capture bpf_act "${F[@]}" parent 1: prio 6 bpf \
    bytecode '1,6 0 0 4294967295' classid 1:10 action pass
capture_pinned bpf_fd "${F[@]}" parent 1: prio 7 bpf object-pinned "$PIN" \
    classid 1:10 da
capture police "${F[@]}" parent ffff: prio 6 matchall action police \
    rate 1mbit burst 10k
capture police_mtu "${F[@]}" parent ffff: prio 6 matchall action police \
    rate 1mbit burst 10k mtu 2k conform-exceed drop/pipe
capture police_peak "${F[@]}" parent ffff: prio 6 matchall action police \
    rate 1mbit burst 10k mtu 1500 peakrate 2mbit conform-exceed continue/pass
capture police_64 "${F[@]}" parent ffff: prio 6 matchall action police \
    rate 40gbit burst 100k mtu 2k peakrate 50gbit conform-exceed drop/pipe
capture police_list "${F[@]}" parent ffff: prio 7 matchall action police \
    rate 1mbit burst 10k conform-exceed drop/pipe \
    action mirred egress redirect dev v2
capture gact_list "${F[@]}" parent ffff: prio 8 matchall action pass \
    action drop
capture u32_police "${F[@]}" parent ffff: protocol ip prio 9 u32 \
    match ip dst 10.0.0.1/32 action police rate 1mbit burst 10k \
    conform-exceed drop/pipe action mirred egress redirect dev v2

mv "$WORK/vectors.txt" "$OUT"
echo "done: $(grep -vc '^#' "$OUT") vectors in $OUT"
