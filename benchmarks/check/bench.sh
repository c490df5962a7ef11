#!/usr/bin/env bash
# `scheduler check` on the generated 10,000-job scheduler.toml: wall time of the release binary.
#   benchmarks/check/bench.sh [RUNS]     (default 30; SCRATCH=.build-xyz picks the build directory,
#                                         NO_BUILD=1 uses the binary already built there)
# Budget: 100 ms. Uses hyperfine when installed (apt-get install -y hyperfine), else a timed loop.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-30}"
scratch="${SCRATCH:-.build-bench}"
file=benchmarks/out/scheduler.toml
budget_ms=100

[ -n "${NO_BUILD:-}" ] || swift build -c release --scratch-path "$scratch" --product scheduler >&2
bin="$scratch/release/scheduler"

mkdir -p benchmarks/out
if [ -f benchmarks/toml/gen-config.py ]; then
    python3 benchmarks/toml/gen-config.py --out "$file" >&2
else
    # Fallback: a plain generator, in case the TOML benchmark's is not there.
    python3 - "$file" <<'PY' >&2
import sys
kinds = ['every = "10m"', 'daily = "03:30"', 'hourly = 15', 'weekly = "mon,thu 09:00"', 'cron = "*/5 * * * *"']
with open(sys.argv[1], "w") as f:
    f.write('[defaults]\ntimezone = "UTC"\ntimeout = "30m"\n\n')
    for n in range(10000):
        f.write(f'[jobs.job-{n:05}]\ncommand = "bin/run {n}"\n{kinds[n % 5]}\njitter = "30s"\n\n')
print(sys.argv[1], "written")
PY
fi
chmod go-w "$file"
jobs=$(grep -c '^\[jobs\.' "$file")

# One run first: it must succeed, and shows what is measured.
"$bin" check --config "$file" > /tmp/scheduler-check-bench.out
echo "check output: $(head -1 /tmp/scheduler-check-bench.out) ($(wc -l < /tmp/scheduler-check-bench.out) lines)"

measure() {  # prints "median_ms min_ms cpu_ms" (cpu: mean user+system time)
    if command -v hyperfine >/dev/null; then
        local json
        json=$(mktemp)
        hyperfine --warmup 3 --runs "$runs" --export-json "$json" --style none "$@" >/dev/null 2>&1
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f %.1f %.1f" % (r["median"]*1e3, r["min"]*1e3, (r["user"]+r["system"])*1e3))' "$json"
        rm -f "$json"
    else
        python3 - "$runs" "$@" <<'PY'
import os, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2]
t = []
for _ in range(runs + 3):
    s = time.perf_counter(); subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL); t.append(time.perf_counter() - s)
c = os.times()
t = sorted(t[3:])
print(f"{t[len(t)//2]*1e3:.1f} {t[0]*1e3:.1f} {(c.children_user + c.children_system) / (runs + 3) * 1e3:.1f}")
PY
    fi
}

read -r full_med full_min full_cpu < <(measure "$bin check --config $file")
read -r quiet_med quiet_min quiet_cpu < <(measure "$bin check --quiet --config $file")
tool=$(command -v hyperfine >/dev/null && echo hyperfine || echo "python loop")

echo
echo "scheduler check, $jobs jobs, $(($(wc -c < "$file") / 1024)) KiB, release build, $runs runs ($tool)"
printf '%-28s %10s %10s %12s\n' "" "wall med" "wall min" "cpu (u+s)"
printf '%-28s %7s ms %7s ms %9s ms\n' "check (lists every job)" "$full_med" "$full_min" "$full_cpu"
printf '%-28s %7s ms %7s ms %9s ms\n' "check --quiet" "$quiet_med" "$quiet_min" "$quiet_cpu"
load=$(cut -d' ' -f1 /proc/loadavg) cores=$(nproc)
echo "load average $load on $cores cores$(python3 -c "import sys; print(': wall times are inflated, cpu time is the better figure' if float(sys.argv[1]) > int(sys.argv[2]) else '')" "$load" "$cores")"
python3 -c "import sys; m=float(sys.argv[1]); print(f'budget {sys.argv[2]} ms (wall, median): ' + ('ok' if m <= float(sys.argv[2]) else 'OVER'))" "$full_med" "$budget_ms"
