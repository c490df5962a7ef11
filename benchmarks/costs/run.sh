#!/bin/bash
# Costs that must not grow with the work (issue 16), side by side in one run:
#   wake   daemon CPU per minute and the 1 s job's lateness to exec (p50), one job every 1 s alone vs beside
#          10,000 and 100,000 idle daily jobs
#   start  daemon start (exec to READY=1, sent just before the first poll) with no history, with 1,000,000
#          records in rotated files and its history.state, and the same without history.state (the one-off rebuild)
#   disk   a job every second over DAYS (60) simulated days through the daemon's Journal: largest total on disk
#   read   `scheduler history -n 20` over those 1,000,000 records vs an empty history (median of 15 runs)
# Usage: benchmarks/costs/run.sh [BIN_DIR]  (default .build-costs/release: scheduler and history-bench, built with
#   swift build -c release --static-swift-stdlib --scratch-path .build-costs --product scheduler
#   swift build -c release --scratch-path .build-costs --product history-bench)
# WAKE_SECONDS (60) is the window per config; ONLY=wake,start,disk,read picks sections; DAYS=60.
# Every process it starts is killed by pid at the end.
set -u
cd "$(dirname "$0")/../.."
BIN_DIR=$(realpath "${1:-.build-costs/release}")
BIN=$BIN_DIR/scheduler; HB=$BIN_DIR/history-bench
[ -x "$BIN" ] && [ -x "$HB" ] || { echo "build scheduler and history-bench first (see the header)" >&2; exit 1; }
HERE=$(realpath benchmarks/costs); DAEMON=$(realpath benchmarks/daemon)
WAKE_SECONDS=${WAKE_SECONDS:-60}; DAYS=${DAYS:-60}
ONLY=${ONLY:-wake,start,disk,read}
want() { [[ ",$ONLY," == *",$1,"* ]]; }
PIDS=()
WORK=$(mktemp -d /tmp/costs-bench.XXXXXX)
cleanup() { for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT
envs() { echo "HOME=$1 XDG_STATE_HOME=$1/state XDG_RUNTIME_DIR=$1/run PATH=/usr/bin:/bin TZ=UTC"; }

echo "== costs ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), binary $BIN)"

if want wake; then
    PROBE=$WORK/stamp
    cc -O2 -static -nostdlib -fno-stack-protector -DSTAMP_FREESTANDING -o "$PROBE" "$DAEMON/stamp.c" 2>/dev/null \
        || cc -O2 -o "$PROBE" "$DAEMON/stamp.c" || exit 1
    for idle in ${WAKE_SET:-0 10000 100000}; do
        d=$WORK/wake-$idle; mkdir -p "$d"
        python3 "$HERE/gen.py" wake "$idle" "$d/stamps.txt" "$PROBE" > "$d/scheduler.toml"
        env $(envs "$d") "$BIN" daemon --config "$d/scheduler.toml" 2> "$d/stderr" > /dev/null & DPID=$!; PIDS+=("$DPID")
        # Let start-up (reading 100,000 jobs) pass, then measure a window of steady state.
        python3 - "$d/stderr" <<'PY'
import sys, time
deadline = time.time() + 120
while time.time() < deadline and "Starting with" not in open(sys.argv[1]).read(): time.sleep(0.1)
PY
        sleep 3; : > "$d/stamps.txt"
        # CPU time in ns from schedstat (clock ticks are 10 ms: too coarse for a quiet daemon).
        t0=$(awk '{print $1}' /proc/$DPID/schedstat); sleep "$WAKE_SECONDS"; t1=$(awk '{print $1}' /proc/$DPID/schedstat)
        rss=$(awk '/^VmRSS/ {print $2}' /proc/$DPID/status)
        kill -TERM "$DPID"; wait "$DPID" 2>/dev/null
        cpu=$(python3 -c "print(f'{($t1 - $t0) / 1e6 * 60 / $WAKE_SECONDS:.1f}')")
        printf 'wake: 1 job every 1 s + %6d idle daily jobs: daemon CPU %6s ms/min, RSS %6d KiB; ' "$idle" "$cpu" "$rss"
        python3 "$DAEMON/lateness.py" "1 s job" "$d/stamps.txt"
    done
fi

if want start || want read; then
    G=$WORK/big/state/scheduler; mkdir -p "$G" "$WORK/empty/state/scheduler"; chmod -R 700 "$WORK/big" "$WORK/empty"
    "$HB" generate "$G" 1000000
fi

if want start; then
    for d in empty big; do python3 "$HERE/gen.py" start 0 > "$WORK/$d/scheduler.toml"; done
    cp -r "$WORK/big" "$WORK/nostate"; rm "$WORK/nostate/state/scheduler/history.state"
    for d in empty big nostate; do
        ms=$(python3 "$HERE/start_time.py" "$BIN" "$WORK/$d")
        what=$([ $d = empty ] && echo "no history" || ([ $d = big ] && echo "1,000,000 records + history.state" || echo "1,000,000 records, no history.state (rebuild)"))
        echo "start: exec to READY=1 with $what: $ms"
    done
fi

if want read; then
    for d in empty big; do
        echo "read: $(python3 "$HERE/history_time.py" "$BIN" "$WORK/$d") ($([ $d = empty ] && echo empty history || echo 1,000,000 records in $(ls "$WORK/big/state/scheduler" | grep -c '^history.jsonl') files))"
    done
fi

if want disk; then
    mkdir -p "$WORK/disk"
    "$HB" fill "$WORK/disk" "$DAYS"
fi
