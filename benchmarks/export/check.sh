#!/usr/bin/env bash
# Checks `scheduler export` with real tools: systemd-analyze verify and calendar, PyYAML, crontab shape.
#   benchmarks/export/check.sh      (SCRATCH=.build-xyz picks the build directory; debug build)
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch="${SCRATCH:-.build-export}"
swift build --scratch-path "$scratch" --product scheduler >&2
exec python3 benchmarks/export/check.py "$scratch/debug/scheduler"
