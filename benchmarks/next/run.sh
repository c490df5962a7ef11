#!/bin/sh
# Next-run-time benchmark: builds `next-bench` in release mode and prints median/p99 µs per call.
# Usage: benchmarks/next/run.sh [CALLS_PER_ROW]
set -e
cd "$(dirname "$0")/../.."
swift build -c release --product next-bench --scratch-path "${SCRATCH:-.build-bench}" >/dev/null
"${SCRATCH:-.build-bench}/release/next-bench" "$@"
