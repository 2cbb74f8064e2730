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
# RTM_NEWLINK probe is not one). The namespace, strace and extraction
# part is tests/golden/capture_lib.sh.
#
# Format: '#' comment lines, then one line per vector:
#   NAME TYPE FLAGS PAYLOAD-HEX     (payload: the bytes after the nlmsghdr)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$HERE/compat_requests.txt}
source "$HERE/../../../golden/capture_lib.sh"
capture_setup pyr2cap bridge

nsx ip link add v0 type veth peer name v1
nsx ip link add br0 type bridge
nsx ip link set v0 master br0
for dev in v0 v1 br0; do nsx ip link set "$dev" up; done
MAP=$(ifindex_map v0 v1 br0)
{
    echo "# requests captured with strace from $(ip -V)"
    echo "# on Linux $(uname -r) by capture_compat.sh (payload after nlmsghdr)"
    echo "# name type flags payload-hex   (ifindex: $MAP)"
} >"$VECTORS"

RTM_NEWLINK=16 RTM_NEWADDR=20 RTM_NEWNEIGH=28 RTM_DELNEIGH=29

# --- fdb entries (bridge) ----------------------------------------------------
TYPES=$RTM_NEWNEIGH
capture fdb_master bridge fdb add 02:00:00:00:aa:01 dev v0 master
capture fdb_master_static bridge fdb add 02:00:00:00:aa:02 dev v0 master static
capture fdb_self bridge fdb add 02:00:00:00:aa:03 dev v0 self
capture fdb_master_self bridge fdb add 02:00:00:00:aa:04 dev v0 master self
TYPES=$RTM_DELNEIGH
capture fdb_master_del bridge fdb del 02:00:00:00:aa:01 dev v0 master

# --- vlan protocols ----------------------------------------------------------
TYPES=$RTM_NEWLINK
capture vlan_8021ad ip link add link v1 name vl0 type vlan id 5 \
    protocol 802.1ad
capture vlan_8021q ip link add link v1 name vl1 type vlan id 6 protocol 802.1Q

# --- address flags above 0xFF ------------------------------------------------
TYPES=$RTM_NEWADDR
capture addr_noprefixroute ip addr add 10.0.9.1/24 dev v1 noprefixroute
capture addr_nodad ip addr add 2001:db8::1/64 dev v1 nodad

capture_done "$OUT"
