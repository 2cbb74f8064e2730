# Shared part of the scripts that capture what netlink tools send, with
# strace inside a throwaway network namespace. Sourced (not run) by
#   tests/golden/capture.sh, tests/unit/decoder/data/capture_strace.sh
#   (setup only: they keep their own strace recipes and capture functions)
#   and tests/unit/iproute/data/capture_{tc_kinds,route_encap,compat}.sh.
#
# Setup:
#   GOLDEN                     this folder (strace2vec.py)
#   capture_setup PREFIX [TOOL...]
#                              must be root; needs strace, ip, python3 and
#                              TOOL...; makes the namespace NS
#                              (PREFIX-<pid>-<random>) and the work folder
#                              WORK (/tmp/PREFIX.XXXXXX), both deleted on
#                              exit, also on failure. Nothing is done in
#                              the initial namespace.
#   nsx CMD...                 CMD inside NS
#   ifindex_map DEV...         'DEV=IFINDEX ...' of these links in NS
#
# One-request vector files ('#' comment lines, then per capture the
# '# CMD  -> kernel: ANSWER' line and 'NAME TYPE FLAGS PAYLOAD-HEX', the
# payload being the bytes after the nlmsghdr):
#   STRACE                     strace's netlink send/recv with hex dumps
#   VECTORS                    the file being built (header: the script's)
#   TYPES                      set by the script: the message types that
#                              count as the request ('24 25', ...)
#   capture NAME CMD...        strace CMD in NS, append its request
#   capture_pinned NAME CMD... the same with the bpf programs BPF_PROGS
#                              ('TYPE PATH' pairs, enum bpf_prog_type)
#                              loaded and pinned; skipped with a warning if
#                              that fails before CMD sends BPF_REQUEST (a
#                              message type as strace names it)
#   capture_done OUT           VECTORS becomes OUT (so OUT is written only
#                              if every capture worked)

GOLDEN=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

capture_cleanup() {
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}

capture_setup() {
    local prefix=$1 tool
    shift
    [ "$(id -u)" = 0 ] ||
        { echo "$(basename "$0"): must run as root" >&2; exit 1; }
    for tool in strace ip python3 "$@"; do
        command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
    done
    NS="$prefix-$$-$RANDOM"
    WORK=$(mktemp -d "/tmp/$prefix.XXXXXX")
    VECTORS="$WORK/vectors.txt"
    trap capture_cleanup EXIT
    ip netns add "$NS"
}

nsx() { ip netns exec "$NS" "$@"; }

ifindex_map() {
    nsx ip -j link show | python3 -c '
import json, sys
links = {l["ifname"]: l["ifindex"] for l in json.load(sys.stdin)}
print(" ".join("%s=%d" % (n, links[n]) for n in sys.argv[1:]))' "$@"
}

# --- one-request vector files ------------------------------------------------
STRACE=(strace -f -yy -xx -s 65536 -e trace=sendmsg,sendto,recvmsg
        -e write=all -e read=all)

# extract NAME CMD...: append to VECTORS the one request of a type in TYPES
# that $WORK/NAME.trace holds, with the kernel's answer to it
extract() {
    local name=$1
    shift
    python3 - "$GOLDEN" "$WORK/$name.trace" "$name" "$TYPES" "$@" \
        >>"$VECTORS" <<'EOF'
import shlex, struct, sys
sys.path.insert(0, sys.argv[1])
import strace2vec  # tests/golden: bytes from strace's hex dumps only

trace, name, types, argv = sys.argv[2], sys.argv[3], sys.argv[4], \
    sys.argv[5:]
wanted = {int(mtype) for mtype in types.split()}
with open(trace, encoding='utf-8', errors='replace') as handle:
    payloads = strace2vec.parse_trace(iter(handle))
requests, answers = [], {}
for payload in payloads:
    for msg in strace2vec.split_messages(payload.data)[0]:
        _len, mtype, flags, seq, _pid = struct.unpack_from('=IHHII', msg)
        if payload.direction == 'request' and mtype in wanted:
            requests.append((mtype, flags, seq, msg[16:]))
        elif payload.direction == 'reply' and mtype == 2:
            answers[seq] = strace2vec.describe_error(msg[16:], flags)
# ip link opens with an empty RTM_NEWLINK (a probe of the kernel's
# checks): not the request
requests = [req for req in requests if req[3].strip(b'\0')]
if len(requests) != 1:
    sys.exit('%s: %d requests of type %s in %s'
             % (name, len(requests), types, trace))
mtype, flags, seq, body = requests[0]
print('# %s  -> kernel: %s' % (shlex.join(argv),
                                answers.get(seq, 'no answer')))
print('%s %d 0x%x %s' % (name, mtype, flags, body.hex()))
EOF
    echo "captured $name: $* ($(tr '\n' ' ' <"$WORK/$name.out"))"
}

# capture NAME CMD...: CMD may fail: the kernel's refusal is expected for
# what it does not have, and the request is sent before it answers
capture() {
    local name=$1
    shift
    nsx "${STRACE[@]}" -o "$WORK/$name.trace" "$@" \
        >"$WORK/$name.out" 2>&1 || true
    extract "$name" "$@"
}

# capture_pinned NAME CMD...: the programs are pinned in a private mount
# namespace of NS (a bpf filesystem mounted there only); the loader makes
# each an 'r0 = 0; exit' (BPF_PROG_LOAD), then BPF_OBJ_PIN
capture_pinned() {
    local name=$1
    shift
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
specs = sys.argv[1].split()  # TYPE PATH TYPE PATH ...
for ptype, path in zip(specs[0::2], specs[1::2]):
    attr = ctypes.create_string_buffer(128)
    struct.pack_into('=IIQQ', attr, 0, int(ptype), 2,
                     ctypes.addressof(insns), ctypes.addressof(lic))
    fd = bpf(5, attr)
    cpath = ctypes.create_string_buffer(path.encode())
    attr = ctypes.create_string_buffer(128)
    struct.pack_into('=QI', attr, 0, ctypes.addressof(cpath), fd)
    bpf(6, attr)
EOF
    if ! nsx unshare --mount --propagation private sh -c \
        'mount -t bpf bpf /sys/fs/bpf && python3 "$1" "$2" &&
         shift 2 && exec "$@"' \
        sh "$WORK/loadbpf.py" "${BPF_PROGS[*]}" \
        "${STRACE[@]}" -o "$WORK/$name.trace" "$@" \
        >"$WORK/$name.out" 2>&1; then
        if ! grep -q "$BPF_REQUEST" "$WORK/$name.trace" 2>/dev/null; then
            echo "WARNING: $name skipped: $(cat "$WORK/$name.out")" >&2
            return 0
        fi
    fi
    extract "$name" "$@"
}

capture_done() {
    mv "$VECTORS" "$1"
    echo "done: $(grep -vc '^#' "$1") vectors in $1"
}
