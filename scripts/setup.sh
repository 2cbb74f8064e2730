#!/usr/bin/env bash
# Install pyroute2 (editable) and, with --test, what the tests need:
# pytest/hypothesis/ruff from PyPI and the tools the kernel tests compare
# against (iproute2, ipset, strace) from Debian. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

if [ "${1:-}" = "--test" ]; then
    missing=""
    for tool in ip tc ipset strace; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    if [ -n "$missing" ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing iproute2 ipset strace (missing:$missing)"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq iproute2 ipset strace) >/dev/null
    fi
    "$PY" -m pip install -q -e '.[test]'
else
    "$PY" -m pip install -q -e .
fi
# byte-compile once, so start-up is measured without compiling
"$PY" -m compileall -q pyroute2 >/dev/null || true
