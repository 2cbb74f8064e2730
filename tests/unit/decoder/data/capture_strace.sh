#!/usr/bin/env bash
# Capture the strace logs that tests/unit/decoder/test_strace.py decodes.
#
# Run as root:  bash tests/unit/decoder/data/capture_strace.sh
#
# Everything runs inside a throwaway network namespace (dec-<pid>-<rand>),
# deleted on exit, also on failure; the initial namespace is never touched.
# Logs are built in a temporary directory and copied here only when every
# capture worked. For each log taken with the golden recipe (hex dumps), the
# vector file that tests/golden/strace2vec.py makes from it is saved next to
# it (NAME.data), so that tests can check both readings agree.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# GOLDEN, NS, WORK (deleted on exit) and nsx
source "$HERE/../../../golden/capture_lib.sh"
capture_setup dec
# the interpreter itself, not a wrapper script (pyenv shims fork a lot)
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

# the golden recipe (tests/golden/capture.sh), and variants of it
FULL=(strace -f -yy -xx -s 65536 -e trace=network -e read=all -e write=all)
NOPID=(strace -yy -xx -s 65536 -e trace=network -e read=all -e write=all)
NODUMP=(strace -f -yy -xx -s 65536 -e trace=network)
SHORT=(strace -f -yy -xx -e trace=network)   # strace's default -s 32

# run NAME [--fail] STRACE-ARRAY-NAME CMD...: trace CMD into NAME.strace
run() {
    local name=$1 expect=ok rc=0
    shift
    if [ "$1" = "--fail" ]; then expect=fail; shift; fi
    local -n tracer=$1
    shift
    nsx "${tracer[@]}" -o "$WORK/$name.strace" "$@" \
        >"$WORK/$name.out" 2>&1 || rc=$?
    if [ "$expect" = ok ] && [ "$rc" != 0 ]; then
        echo "$name: '$*' failed (rc=$rc):" >&2
        cat "$WORK/$name.out" >&2
        exit 1
    fi
    if [ "$expect" = fail ] && [ "$rc" = 0 ]; then
        echo "$name: '$*' was expected to fail" >&2
        exit 1
    fi
    rm -f "$WORK/$name.out"
    echo "captured $name.strace ($*)"
}

# run_stderr NAME SCRIPT: trace 'sh -c SCRIPT' into NAME.strace the way
# strace writes to stderr: "[pid N]" prefixes once there are two processes,
# "strace: Process N attached" notes; with time stamps (-ttt) and times (-T)
run_stderr() {
    local name=$1
    nsx strace -f -yy -ttt -T -xx -s 65536 -e trace=network \
        -e read=all -e write=all sh -c "$2" 2>"$WORK/$name.strace"
    echo "captured $name.strace (sh -c '$2')"
}

# vector NAME CMD...: the golden vector of NAME.strace
vector() {
    local name=$1
    shift
    python3 "$GOLDEN/strace2vec.py" "$WORK/$name.strace" --command "$*" \
        -o "$WORK/$name.data"
}

run link_show FULL ip link show
vector link_show ip link show
nsx ip link set lo up
run addr_add FULL ip addr add 10.1.2.3/24 dev lo
vector addr_add ip addr add 10.1.2.3/24 dev lo
run route_add FULL ip route add 10.9.0.0/16 via 10.1.2.1
vector route_add ip route add 10.9.0.0/16 via 10.1.2.1
run route_add_fail --fail FULL ip route add 10.7.0.0/16 via 10.77.0.1
vector route_add_fail ip route add 10.7.0.0/16 via 10.77.0.1
run addr_show_nopid NOPID ip -4 addr show dev lo
vector addr_show_nopid ip -4 addr show dev lo
run_stderr rules_stderr 'ip -4 rule show >/dev/null & ip -6 rule show >/dev/null; wait'
run link_show_nodump NODUMP ip link show
run sendmsg_quoted NODUMP "$PYTHON" -I -S "$HERE/nlsend.py"
nsx ip addr del 10.1.2.4/24 dev lo
run sendmsg_short SHORT "$PYTHON" -I -S "$HERE/nlsend.py"

python3 "$GOLDEN/strace2vec.py" --check "$WORK"/*.data
cp "$WORK"/*.strace "$WORK"/*.data "$HERE"/
echo "done: $(ls "$WORK" | wc -l) files in $HERE"
