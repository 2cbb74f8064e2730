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
# Everything runs inside a throwaway network namespace
# (pyr2encap-<pid>-<rand>), deleted on exit, also on failure; the initial
# namespace is never touched.
# The bpf cases mount a bpf filesystem inside a private mount namespace of
# that netns, load 2-instruction LWT_IN/OUT/XMIT/SEG6LOCAL programs there
# (bpf(2) via ctypes) and pin them, so that ip can pass their fds; they are
# skipped with a warning where bpf(2) does not work. The output is written
# only if every capture yielded exactly one route request. The namespace,
# strace and extraction part is tests/golden/capture_lib.sh.
#
# Format of the output: '#' comment lines, then one line per vector:
#   NAME TYPE FLAGS PAYLOAD-HEX     (payload: the bytes after the nlmsghdr)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$HERE/route_encap_requests.txt}
source "$HERE/../../../golden/capture_lib.sh"
capture_setup pyr2encap unshare

TYPES="24 25"  # RTM_NEWROUTE, RTM_DELROUTE
# for capture_pinned: programs of each lwt type (enum bpf_prog_type in
# linux/bpf.h) pinned at $PINS-in, -out, -xmit and -seg6local
PINS=/sys/fs/bpf/pyr2lwt
BPF_PROGS=(10 "$PINS-in" 11 "$PINS-out" 12 "$PINS-xmit" 19 "$PINS-seg6local")
BPF_REQUEST=NEWROUTE

# --- links ---------------------------------------------------------------------
nsx ip link set lo up
nsx ip link add v0 type veth peer name v1
for dev in v0 v1; do nsx ip link set "$dev" up; done
nsx ip addr add 10.0.0.1/24 dev v0
nsx ip addr add fd00::1/64 dev v0 nodad
MAP=$(ifindex_map v0 v1)
{
    echo "# route requests captured with strace from $(ip -V | head -1)"
    echo "# on Linux $(uname -r) by capture_route_encap.sh (payload after nlmsghdr)"
    echo "# ip leaves stack bytes in the alignment padding after 1- and"
    echo "# 2-byte attributes (the kernel ignores padding): kept as sent"
    echo "# name type flags payload-hex   (ifindex: $MAP)"
} >"$VECTORS"

# --- mpls (linux/mpls_iptunnel.h) ------------------------------------------------
capture mpls_labels ip route add 10.1.0.0/24 encap mpls 100/200 \
    via 10.0.0.2 dev v0
capture mpls_ttl ip route add 10.1.1.0/24 encap mpls 300 ttl 10 dev v0
capture mpls_max ip route add 10.1.2.0/24 encap mpls 1048575/16/0 \
    via 10.0.0.2 dev v0
capture mpls_v6 ip -6 route add fd01:1::/64 encap mpls 100 via fd00::2 dev v0
capture mpls_multipath ip route add 10.1.3.0/24 \
    nexthop encap mpls 100 via 10.0.0.2 dev v0 \
    nexthop encap mpls 200/300 via 10.0.0.3 dev v0 weight 2
capture mpls_del ip route del 10.1.0.0/24 encap mpls 100/200 \
    via 10.0.0.2 dev v0

# --- seg6 (linux/seg6_iptunnel.h) ------------------------------------------------
capture seg6_encap ip -6 route add fd01::/64 encap seg6 mode encap \
    segs fc00::1,fc00::2 dev v0
capture seg6_inline ip -6 route add fd03::/64 encap seg6 mode inline \
    segs fc00::1,fc00::2 dev v0
capture seg6_l2encap ip -6 route add fd04::/64 encap seg6 mode l2encap \
    segs fc00::1 dev v0
capture seg6_encap_red ip -6 route add fd05::/64 encap seg6 mode encap.red \
    segs fc00::1,fc00::2,fc00::3 dev v0
capture seg6_l2encap_red ip -6 route add fd06::/64 encap seg6 \
    mode l2encap.red segs fc00::1,fc00::2 dev v0
capture seg6_hmac ip -6 route add fd07::/64 encap seg6 mode encap \
    segs fc00::1,fc00::2 hmac 7 dev v0
capture seg6_v4 ip route add 10.2.0.0/24 encap seg6 mode encap segs fc00::1 \
    dev v0
capture seg6_multipath ip -6 route add fd08::/64 \
    nexthop encap seg6 mode encap segs fc00::1 via fd00::2 dev v0 \
    nexthop encap seg6 mode inline segs fc00::2,fc00::3 via fd00::3 dev v0

# --- seg6local (linux/seg6_local.h) ----------------------------------------------
L=(ip -6 route add)
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
capture ip_encap ip route add 10.3.0.0/24 encap ip id 5 dst 10.0.0.9 \
    src 10.0.0.1 ttl 64 tos 0x10 key csum dev v0
capture ip6_encap ip -6 route add fd09::/64 encap ip6 id 6 dst fd00::9 \
    src fd00::1 hoplimit 32 tc 0x20 seq dev v0

# --- xfrm (linux/lwtunnel.h: LWT_XFRM_*) -----------------------------------------
# (dev first: ip 6.1 ignores arguments after its xfrm encap ones)
capture xfrm ip route add 10.5.0.0/24 dev v0 encap xfrm if_id 5 link_dev v1

# --- bpf (linux/lwtunnel.h: LWT_BPF_*) ------------------------------------------
capture_pinned bpf_xmit ip route add 10.4.0.0/24 encap bpf xmit pinned \
    "$PINS-xmit" headroom 14 dev v0
capture_pinned bpf_in_out ip route add 10.4.1.0/24 encap bpf in pinned \
    "$PINS-in" out pinned "$PINS-out" dev v0

capture_done "$OUT"
