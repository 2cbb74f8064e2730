#!/usr/bin/env bash
# The test job: set up (test extras and tools), then run the whole suite.
# Kernel-backed tests need root; they skip cleanly without it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec "${PYTHON:-python3}" -m pytest -q -p no:cacheprovider tests "$@"
