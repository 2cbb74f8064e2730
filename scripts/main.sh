#!/usr/bin/env bash
# The main job: set up, then run the `pyroute2` command (default:
# `pyroute2 addr show`). Example: bash scripts/main.sh -j route show
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "$#" -eq 0 ]; then
    set -- addr show
fi
exec "${PYTHON:-python3}" -m pyroute2.cli "$@"
