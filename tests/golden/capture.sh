#!/usr/bin/env bash
# Regenerate the golden netlink vectors in tests/golden/ from real tools.
#
# Run as root:  bash tests/golden/capture.sh
#
# Everything that changes network state happens inside a throwaway network
# namespace, deleted on exit (also on failure). Each tool runs under strace;
# strace2vec.py turns the hex dumps of its netlink send/recv calls into a
# *.data vector file, and the tool's own JSON/text view of the same state is
# saved next to the dumps as the expected values. Generated files are built
# in a temporary directory and only replace the old ones when every capture
# worked, so the script can be re-run at will.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# NS, WORK (deleted on exit) and nsx
source "$HERE/capture_lib.sh"
capture_setup pyroute2-golden tc
OUT="$WORK/out"
mkdir -p "$OUT"

# capture NAME [--fail] CMD...  (this script's own: whole exchanges, in
#   place of capture_lib.sh's one-request capture)
#   strace CMD inside the namespace and write NAME.data. With --fail the
#   command must fail (error vectors), otherwise it must succeed.
capture() {
    local name=$1 expect=ok rc=0
    shift
    if [ "$1" = "--fail" ]; then expect=fail; shift; fi
    local trace="$WORK/$name.strace"
    nsx strace -f -yy -xx -s 65536 -e trace=network \
        -e read=all -e write=all -o "$trace" "$@" \
        >"$WORK/$name.stdout" 2>"$WORK/$name.stderr" || rc=$?
    if [ "$expect" = ok ] && [ "$rc" != 0 ]; then
        echo "capture $name: '$*' failed (rc=$rc):" >&2
        cat "$WORK/$name.stderr" >&2
        exit 1
    fi
    if [ "$expect" = fail ] && [ "$rc" = 0 ]; then
        echo "capture $name: '$*' was expected to fail" >&2
        exit 1
    fi
    python3 "$HERE/strace2vec.py" "$trace" --command "$*" \
        -o "$OUT/$name.data"
    if [ "$expect" = fail ]; then
        echo "captured $name.data ($*) [failed as expected, rc=$rc]"
    else
        echo "captured $name.data ($*)"
    fi
}

# expect FILE CMD...: save the tool's own view of the state (JSON is
# pretty-printed so that diffs stay readable).
expect() {
    local file=$1
    shift
    nsx "$@" >"$WORK/expect.raw"
    case "$file" in
        *.json) python3 -m json.tool "$WORK/expect.raw" >"$OUT/$file" ;;
        *) cp "$WORK/expect.raw" "$OUT/$file" ;;
    esac
    echo "saved    $file ($*)"
}

# Wait (up to 5 s) until no IPv6 address is tentative, so that a dump and
# the JSON taken after it see the same flags.
settle_ipv6() {
    local i
    for i in $(seq 50); do
        [ -z "$(nsx ip -6 addr show tentative)" ] && return 0
        sleep 0.1
    done
    echo "IPv6 DAD did not settle" >&2
    return 1
}

# --- links -------------------------------------------------------------------
nsx ip link set lo up
capture rtnl_link_add_veth ip link add v0 type veth peer name v1
nsx ip link set v0 up
nsx ip link set v1 up
settle_ipv6
capture rtnl_link_dump ip link show
expect rtnl_link_dump.ip.json ip -j -d link show

# --- addresses ---------------------------------------------------------------
capture rtnl_addr_add_ipv4 ip -4 addr add 10.1.2.3/24 dev v0
capture rtnl_addr_add_ipv6 ip -6 addr add 2001:db8::1/64 dev v0 nodad
settle_ipv6
capture rtnl_addr_dump ip addr show
expect rtnl_addr_dump.ip.json ip -j addr show

# --- routes ------------------------------------------------------------------
capture rtnl_route_add_gateway ip route add 10.9.0.0/16 via 10.1.2.1
capture rtnl_route_add_table ip route add 10.8.0.0/24 dev v0 table 100 metric 20
capture rtnl_route_dump ip route show table all
expect rtnl_route_dump.ip.json ip -j route show table all
capture rtnl_route6_dump ip -6 route show table all
expect rtnl_route6_dump.ip.json ip -j -6 route show table all

# --- rules and neighbours ----------------------------------------------------
capture rtnl_rule_add ip rule add from 10.1.2.0/24 table 100
capture rtnl_rule_dump ip rule show
expect rtnl_rule_dump.ip.json ip -j rule show
capture rtnl_neigh_add ip neigh add 10.1.2.7 lladdr 02:00:00:00:00:07 dev v0
capture rtnl_neigh_dump ip -4 neigh show
expect rtnl_neigh_dump.ip.json ip -j -4 neigh show

# --- tc (before the other kinds: tc dumps all links first, keep that small) -
capture tc_htb_qdisc_add tc qdisc add dev v0 root handle 1: htb default 10
capture tc_htb_class_add tc class add dev v0 parent 1: classid 1:10 htb rate 1mbit
capture tc_u32_filter_add tc filter add dev v0 parent 1: protocol ip u32 \
    match ip dst 10.0.0.0/8 flowid 1:10
capture tc_qdisc_dump tc qdisc show dev v0
expect tc_qdisc_dump.tc.json tc -j qdisc show dev v0
capture tc_class_dump tc class show dev v0
# tc 6.1 prints no JSON for htb classes, so keep its text.
expect tc_class_dump.tc.txt tc -d class show dev v0
capture tc_filter_dump tc filter show dev v0
expect tc_filter_dump.tc.json tc -j filter show dev v0

# --- other link kinds --------------------------------------------------------
capture rtnl_link_add_bridge ip link add br0 type bridge
capture rtnl_link_set_master ip link set v1 master br0
capture rtnl_link_add_macvlan ip link add mv0 link v0 type macvlan mode bridge
capture rtnl_link_add_vxlan ip link add vx0 type vxlan id 42 dstport 4789 dev v0
capture rtnl_link_dump_kinds ip -d link show
expect rtnl_link_dump_kinds.ip.json ip -j -d link show

# --- errors ------------------------------------------------------------------
capture rtnl_error_eexist --fail ip link add v0 type veth
capture rtnl_error_extack_vxlan --fail \
    ip link add vx1 type vxlan id 42 dstport 4789 dev v0
capture rtnl_error_extack_mtu --fail ip link set v0 mtu 70000
capture rtnl_error_extack_route --fail ip route add 10.7.0.0/16 via 10.77.0.1

# --- generic netlink ---------------------------------------------------------
if command -v genl >/dev/null; then
    capture genl_ctrl_get genl ctrl get name nlctrl
    expect genl_ctrl_get.genl.txt genl ctrl get name nlctrl
    capture genl_ctrl_dump genl ctrl list
    expect genl_ctrl_dump.genl.txt genl ctrl list
else
    echo "genl not found: generic netlink vectors skipped" >&2
fi

# --- ipset (nfnetlink) -------------------------------------------------------
if command -v ipset >/dev/null; then
    capture ipset_create ipset create s1 hash:ip
    capture ipset_add ipset add s1 10.0.0.1
    capture ipset_list ipset list s1
    expect ipset_list.ipset.xml ipset list s1 -output xml
    capture ipset_error_eexist --fail ipset create s1 hash:ip
else
    echo "ipset not found (apt-get install ipset): ipset vectors skipped" >&2
fi

# --- check and install -------------------------------------------------------
python3 "$HERE/strace2vec.py" --check "$OUT"/*.data
rm -f "$HERE"/*.data "$HERE"/*.json "$HERE"/*.txt "$HERE"/*.xml
cp "$OUT"/* "$HERE"/
echo "done: $(ls "$OUT" | wc -l) files in $HERE"
