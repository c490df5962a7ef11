#!/bin/bash
# Daemon benchmarks: idle RSS (100 / 10,000 jobs), idle CPU vs Debian cron, start lateness p50/p99 (to exec),
# a burst of 1,000 jobs due at once, and log throughput of a job writing 1 GB.
# Usage: benchmarks/daemon/run.sh [path/to/scheduler]   (default: release build in .build-daemon)
# Needs: python3; cron (apt-get install -y cron) for the CPU comparison. Runs as any user; uses temp dirs.
# Every process it starts is killed by pid at the end.
set -u
cd "$(dirname "$0")/../.."
BIN=${1:-.build-daemon/release/scheduler}
[ -x "$BIN" ] || { echo "no binary at $BIN: swift build -c release --scratch-path .build-daemon" >&2; exit 1; }
BIN=$(realpath "$BIN")
HERE=$(realpath benchmarks/daemon)
IDLE_SECONDS=${IDLE_SECONDS:-600}
GB_BYTES=${GB_BYTES:-1000000000}
ONLY=${ONLY:-idle,cpu,late,burst,flood}   # comma-separated subset of the sections below
want() { [[ ",$ONLY," == *",$1,"* ]]; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$WORK"; rm -f /etc/cron.d/scheduler-bench; }
WORK=$(mktemp -d /tmp/daemon-bench.XXXXXX)
trap cleanup EXIT

# start_daemon NAME CONFIG: starts a daemon with private XDG dirs; sets DPID.
start_daemon() {
    local dir=$WORK/$1
    mkdir -p "$dir"
    HOME=$dir XDG_STATE_HOME=$dir/state XDG_RUNTIME_DIR=$dir/run PATH=/usr/bin:/bin TZ=UTC \
        "$BIN" daemon --config "$2" 2> "$dir/stderr" > /dev/null &
    DPID=$!
    PIDS+=("$DPID")
}
stop_daemon() { kill -TERM "$1"; wait "$1" 2>/dev/null; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
gen() { python3 "$HERE/gen_config.py" "$@"; }

echo "== scheduler daemon benchmarks ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), binary $BIN)"

# 1. Idle RSS with 100 and 10,000 jobs (hourly, spread over the hour).
if want idle || want cpu; then
for n in 100 10000; do
    gen idle "$n" > "$WORK/idle-$n.toml"
    start_daemon "idle-$n" "$WORK/idle-$n.toml"
    sleep 3
    echo "idle RSS, $n jobs: $(rss_kb "$DPID") KiB (peak $(awk '/^VmHWM/ {print $2}' /proc/$DPID/status) KiB)"
    [ "$n" = 100 ] && IDLE_PID=$DPID || stop_daemon "$DPID"
done
fi

# 2. Idle CPU over IDLE_SECONDS with 100 jobs not due (daily, twelve hours away), next to cron -f with 100 such
# lines: CPU time and wake-ups (voluntary context switches). Both run with TZ=UTC.
if want cpu; then
[ "${IDLE_PID:-}" ] && stop_daemon "$IDLE_PID"
gen notdue 100 > "$WORK/notdue.toml"
start_daemon notdue "$WORK/notdue.toml"; IDLE_PID=$DPID
gen crontab-notdue 100 > /etc/cron.d/scheduler-bench 2>/dev/null && chmod 644 /etc/cron.d/scheduler-bench
if command -v cron > /dev/null && [ -f /etc/cron.d/scheduler-bench ]; then
    TZ=UTC cron -f -L 0 & CRON_PID=$!; PIDS+=("$CRON_PID")
fi
wakes() { awk '/^voluntary_ctxt_switches/ {print $2}' "/proc/$1/status"; }
sleep 2
s0=$(cpu_ticks "$IDLE_PID"); w0=$(wakes "$IDLE_PID"); c0=${CRON_PID:+$(cpu_ticks "$CRON_PID")}; cw0=${CRON_PID:+$(wakes "$CRON_PID")}
sleep "$IDLE_SECONDS"
s1=$(cpu_ticks "$IDLE_PID"); w1=$(wakes "$IDLE_PID"); c1=${CRON_PID:+$(cpu_ticks "$CRON_PID")}; cw1=${CRON_PID:+$(wakes "$CRON_PID")}
hz=$(getconf CLK_TCK)
CRON_CPU="not measured (no cron)"
[ -n "${CRON_PID:-}" ] && CRON_CPU="$(( (c1 - c0) * 1000 / hz )) ms, $((cw1 - cw0)) wake-ups"
echo "idle CPU over ${IDLE_SECONDS}s, 100 jobs not due: scheduler $(( (s1 - s0) * 1000 / hz )) ms, $((w1 - w0)) wake-ups; cron -f $CRON_CPU"
echo "idle RSS, 100 jobs not due: scheduler $(rss_kb "$IDLE_PID") KiB; cron ${CRON_PID:+$(rss_kb "$CRON_PID") KiB}"
stop_daemon "$IDLE_PID"
[ -n "${CRON_PID:-}" ] && kill -TERM "$CRON_PID" && wait "$CRON_PID" 2>/dev/null
rm -f /etc/cron.d/scheduler-bench
elif want idle; then stop_daemon "$IDLE_PID"; fi

# The probe jobs exec: a static C program whose first instruction stamps the time (stamp.c).
PROBE=$WORK/stamp
if want late || want burst; then
    cc -O2 -static -nostdlib -fno-stack-protector -DSTAMP_FREESTANDING -o "$PROBE" "$HERE/stamp.c" 2>/dev/null \
        || cc -O2 -o "$PROBE" "$HERE/stamp.c" || exit 1
fi

# 3. Lateness: for each N in LATE_SET ("5 20"), N jobs due every second for LATE_SECONDS (45), each the probe,
# so the figure is when the child exec'd; then 5 jobs through `sh -c` and date(1) (what a shell job sees).
if want late; then
LATE_SET=${LATE_SET:-5 20}; LATE_SECONDS=${LATE_SECONDS:-45}
late_run() {  # late_run KIND N TITLE
    gen "$1" "$2" "$WORK/$1-$2.txt" "$PROBE" > "$WORK/$1-$2.toml"
    start_daemon "$1-$2" "$WORK/$1-$2.toml"; sleep $((LATE_SECONDS + 1)); stop_daemon "$DPID"
    python3 "$HERE/lateness.py" "$3" "$WORK/$1-$2.txt"
}
for n in $LATE_SET; do late_run lateness "$n" "lateness to exec, $n jobs due together every 1 s for $LATE_SECONDS s"; done
late_run lateness-sh 5 "lateness to a shell's date(1), 5 jobs every 1 s through sh -c"
# overlap = "allow" takes no job lock (a run file instead): it must start as soon as a "skip" job.
late_run lateness-allow 10 "lateness to exec, 5 overlap=\"skip\" jobs (same daemon as the next line)"
python3 "$HERE/lateness.py" "lateness to exec, 5 overlap=\"allow\" jobs every 1 s" "$WORK/lateness-allow-10.txt.allow"
fi

# 4. Burst: 1,000 jobs due at the same instant (every 20 s), one round.
if want burst; then
gen burst 1000 "$WORK/burst.txt" "$PROBE" > "$WORK/burst.toml"
start_daemon burst "$WORK/burst.toml"
python3 - "$WORK/burst.txt" <<'PY'
import os, sys, time
path = sys.argv[1]
deadline = time.time() + 60
while time.time() < deadline:
    if os.path.exists(path) and sum(1 for _ in open(path)) >= 1000: break
    time.sleep(0.2)
PY
stop_daemon "$DPID"
python3 "$HERE/lateness.py" "burst of 1,000 jobs due at once" "$WORK/burst.txt"
python3 "$HERE/journal_stats.py" "$WORK/burst/state/scheduler/history.jsonl"
fi

# 5. Log throughput: a job writing GB_BYTES of 100-byte lines to its stdout pipe, vs the same command writing
# to a file. Both start after a sync; the file baseline runs before and after the daemon, the median is used.
want flood || exit 0
LINE=$(printf 'x%.0s' $(seq 99))
file_ms() {
    sync; local start end; start=$(date +%s%N); yes "$LINE" | head -c "$GB_BYTES" > "$WORK/plain.out"; end=$(date +%s%N)
    rm -f "$WORK/plain.out"; echo $(( (end - start) / 1000000 ))
}
FILE1=$(file_ms)
gen flood "$GB_BYTES" > "$WORK/flood.toml"
sync
start_daemon flood "$WORK/flood.toml"
FPID=$DPID
python3 - "$WORK/flood/state/scheduler/history.jsonl" <<'PY'
import os, sys, time
p = sys.argv[1]
deadline = time.time() + 900
while time.time() < deadline:
    if os.path.exists(p) and '"run":1,' in open(p).read(): break
    time.sleep(0.5)
PY
PEAK=$(awk '/^VmHWM/ {print $2}' /proc/$FPID/status)
DCPU=$(awk -v hz="$(getconf CLK_TCK)" '{printf "user %.2f s, sys %.2f s", $14 / hz, $15 / hz}' "/proc/$FPID/stat")
stop_daemon "$FPID"
FILE2=$(file_ms)
PIPE_S=$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print([x for x in r if x["run"] == 1][0]["duration_seconds"])' "$WORK/flood/state/scheduler/history.jsonl")
MB=$(( GB_BYTES / 1000000 ))
python3 - "$MB" "$FILE1" "$FILE2" "$PIPE_S" "$PEAK" "$DCPU" <<'PY'
import sys
mb, f1, f2, pipe_s, peak, cpu = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
file_mbs = mb / (max((f1 + f2) / 2, 1) / 1000)
pipe_mbs = mb / max(pipe_s, 0.001)
print(f"log throughput, {mb} MB in 100-byte lines: to a file {file_mbs:.0f} MB/s (mean of {f1 / 1000:.1f} s and {f2 / 1000:.1f} s); "
      f"through the daemon's pipe into scheduler.log {pipe_mbs:.0f} MB/s ({pipe_s:.1f} s) = {pipe_mbs / file_mbs:.2f}x; daemon peak RSS {peak} KiB, CPU {cpu} (up to the first run's end)")
PY
