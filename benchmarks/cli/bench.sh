#!/bin/sh
# Start-up time of the operator commands with 100 jobs configured, beside `crontab -l`, and
# `logs -n 100` over 50 MB of logs in 5 rotated files. Prints wall (mean/min/median) and CPU ms per
# command (hyperfine); on a busy machine the minimum and the CPU time are the figures to trust.
# Usage: benchmarks/cli/bench.sh [BINARY]   (default: a release build in .build-cli)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
    (cd "$repo" && swift build -c release --scratch-path .build-cli --product scheduler >/dev/null)
    bin="$repo/.build-cli/release/scheduler"
fi
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
tmp=$(mktemp -d /tmp/scheduler-cli-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen.py" "$tmp" 100 50
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state" XDG_RUNTIME_DIR="$tmp/run" TZ=UTC
unset SCHEDULER_CONFIG
echo "binary: $bin ($(du -h "$bin" | cut -f1))"
hyperfine -N -i --warmup 5 --runs 100 --export-json "$tmp/r.json" --style none \
    "crontab -l" "$bin --help" "$bin cat" "$bin ps" "$bin list" "$bin status --json" "$bin check --quiet" \
    "$bin logs -n 100" "$bin logs job_042 -n 100" "$bin history -n 20" >/dev/null 2>&1 || true
python3 - "$tmp/r.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    cmd = r["command"].split("/")[-1]
    cpu = (r["user"] + r["system"]) * 1000
    print(f"{cmd:32} wall mean {r['mean']*1000:6.2f} ms  min {r['min']*1000:6.2f} ms  median {r['median']*1000:6.2f} ms"
          f"   cpu (user+sys) {cpu:6.2f} ms")
PY
