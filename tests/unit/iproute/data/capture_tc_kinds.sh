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
# yielded exactly one tc request. The namespace, strace and extraction
# part is tests/golden/capture_lib.sh.
#
# Format of the output: '#' comment lines, then one line per vector:
#   NAME TYPE FLAGS PAYLOAD-HEX     (payload: the bytes after the nlmsghdr)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$HERE/tc_kinds_requests.txt}
source "$HERE/../../../golden/capture_lib.sh"
capture_setup pyr2cap tc unshare

TYPES="36 37 40 41 44 45"  # RTM_{NEW,DEL}{QDISC,TCLASS,TFILTER}
# for capture_pinned: a SCHED_CLS program (3) pinned at $PIN
PIN=/sys/fs/bpf/pyr2prog
BPF_PROGS=(3 "$PIN")
BPF_REQUEST=NEWTFILTER

# --- links (the same ifindex map as tc_requests.txt) -------------------------
nsx ip link set lo up
nsx ip link add v0 type veth peer name v1
nsx ip link add v2 type veth peer name v3
for dev in v0 v1 v2 v3; do nsx ip link set "$dev" up; done
MAP=$(ifindex_map v0 v1 v2 v3)
{
    echo "# tc requests captured with strace from $(tc -V | head -1)"
    echo "# on Linux $(uname -r) by capture_tc_kinds.sh (payload after nlmsghdr)"
    echo "# name type flags payload-hex   (ifindex: $MAP)"
} >"$VECTORS"

# --- qdiscs (v0 has no root qdisc yet) ---------------------------------------
Q=(tc qdisc add dev v0 root handle 1:)
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
capture netem_replace tc qdisc replace dev v2 root handle 2: \
    netem delay 100s loss 100%
capture sfq "${Q[@]}" sfq
capture sfq_opts "${Q[@]}" sfq perturb 10 quantum 1514 limit 127
capture sfq_flows "${Q[@]}" sfq divisor 1024 flows 64 depth 64 headdrop
capture fq_codel "${Q[@]}" fq_codel
capture fq_codel_opts "${Q[@]}" fq_codel limit 1000 flows 1024 target 5ms \
    interval 100ms quantum 1514 ecn
capture fq_codel_more "${Q[@]}" fq_codel noecn ce_threshold 1ms \
    memory_limit 32Mb drop_batch 64
capture fq_codel_change tc qdisc change dev v0 root handle 1: fq_codel \
    target 3ms

# --- filters and actions (parents that exist: htb 1: and ingress) ------------
nsx tc qdisc add dev v0 root handle 1: htb default 10
nsx tc qdisc add dev v0 ingress
F=(tc filter add dev v0)
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
capture fw_del tc filter del dev v0 parent 1: prio 3 protocol ip handle 5 fw
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

capture_done "$OUT"
