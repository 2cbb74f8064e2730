#!/bin/bash
# Regenerate the rtnl unit test vectors in this folder (needs root and
# iproute2). Everything happens in a throwaway network namespace that is
# always deleted on exit; the initial namespace is never touched.
#
# Each NAME.data holds the reply messages of one raw dump (rtnl_dump.py);
# NAME.json holds what `ip -j` / `tc -j` printed for the same state
# (NAME.txt: plain `tc` output where it has no JSON).
set -euo pipefail
cd "$(dirname "$0")"
NS=t-rt-$$
trap 'ip netns del $NS 2>/dev/null || true' EXIT
ip netns add $NS
X="ip netns exec $NS"
$X ip link add v0 type veth peer name v1
$X ip link set v0 up
$X ip link set v1 up
$X ip addr add 10.7.1.1/24 dev v0
$X ip addr add 10.7.2.1/24 brd + dev v1 label v1:x
$X ip addr add 2001:db8:7::1/64 dev v0 nodad
$X ip route add 10.7.3.0/24 via 10.7.1.2 metric 50
$X ip route add 10.7.4.0/24 via 10.7.1.3 table 100 mtu 1400
$X ip route add 10.7.0.0/24 nexthop via 10.7.1.2 dev v0 \
    nexthop via 10.7.2.2 dev v1 weight 3
$X ip route add 2001:db8:8::/64 via 2001:db8:7::2 dev v0
$X ip rule add from 10.7.1.0/24 table 100 priority 1000
$X ip rule add fwmark 0x10/0xff iif v0 table 100 priority 1001
$X ip rule add ipproto tcp dport 80-90 table 100 priority 1002
$X ip neigh add 10.7.1.2 lladdr 02:00:00:00:07:02 dev v0 nud permanent
$X ip neigh add 2001:db8:7::2 lladdr 02:00:00:00:07:03 dev v0 nud reachable
$X ip nexthop add id 1 via 10.7.1.2 dev v0
$X ip nexthop add id 2 via 10.7.2.2 dev v1
$X ip nexthop add id 10 group 1/2,5
$X tc qdisc add dev v0 root handle 1: htb default 20
$X tc class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit
$X tc qdisc add dev v0 parent 1:10 handle 10: tbf rate 1mbit burst 10k latency 50ms
$X tc class add dev v0 parent 1: classid 1:20 htb rate 512kbit
$X tc qdisc add dev v0 parent 1:20 handle 20: pfifo limit 100
$X tc filter add dev v0 parent 1: protocol ip prio 10 u32 \
    match ip dst 10.7.9.0/24 flowid 1:10 action mirred egress redirect dev v1
$X tc qdisc add dev v1 clsact
$X tc filter add dev v1 ingress protocol all prio 1 u32 match u32 0 0 action mirred egress mirror dev v0
IDX=$($X cat /sys/class/net/v0/ifindex)
IDX1=$($X cat /sys/class/net/v1/ifindex)

$X python3 rtnl_dump.py addr 22 0 > addr.data
$X ip -j addr show > addr.json
$X python3 rtnl_dump.py route4 26 2 > route4.data
$X ip -j -d route show table all > route4.json
$X python3 rtnl_dump.py route6 26 10 > route6.data
$X ip -j -d -6 route show table all > route6.json
$X python3 rtnl_dump.py rule 34 2 > rule.data
$X ip -j rule show > rule.json
$X python3 rtnl_dump.py neigh 30 0 > neigh.data
$X ip -j neigh show > neigh.json
$X python3 rtnl_dump.py nexthop 106 0 > nexthop.data
$X ip -j nexthop show > nexthop.json
$X python3 rtnl_dump.py qdisc 38 0 > qdisc.data
$X tc -j -s qdisc show > qdisc.json
$X python3 rtnl_dump.py tclass 42 0 "$IDX" > tclass.data
$X tc -s class show dev v0 > tclass.txt  # no JSON for htb classes
$X python3 rtnl_dump.py tfilter 46 0 "$IDX" > tfilter.data
$X tc -j -s filter show dev v0 > tfilter.json
$X python3 rtnl_dump.py tfilter_ingress 46 0 "$IDX1" 0xfffffff2 > tfilter_ingress.data
$X tc -j -s filter show dev v1 ingress > tfilter_ingress.json
