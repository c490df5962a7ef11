#!/bin/bash
# Lateness to exec with and without [cluster], side by side in one run (issue 11: at most 2 ms p99 above).
# One node (so it is every slot's preferred node) on a private PostgreSQL; the job `tick` is the exec-time
# probe benchmarks/daemon/stamp.c, beside four `true` jobs, all every second, for SECS (60) seconds each.
# Usage: benchmarks/cluster/lateness.sh [path/to/scheduler]   (root; postgresql installed; default: the release
# build of benchmarks/costs, else .build/release/scheduler). Every process it starts is stopped by pid.
set -u
cd "$(dirname "$0")/../.."
BIN=${1:-$( [ -x .build-costs/release/scheduler ] && echo .build-costs/release/scheduler || echo .build/release/scheduler )}
BIN=$(readlink -f "$BIN"); DAEMON=$(readlink -f benchmarks/daemon)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
W=$(mktemp -d /tmp/cluster-lateness.XXXXXX); chmod 755 "$W"
P=""
cleanup() {
    [ -n "$P" ] && kill -KILL "$P" 2>/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$W"
}
trap cleanup EXIT
cc -O2 -static -nostdlib -fno-stack-protector -DSTAMP_FREESTANDING -o "$W/stamp" "$DAEMON/stamp.c" 2>/dev/null \
    || cc -O2 -o "$W/stamp" "$DAEMON/stamp.c" || exit 1
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -m 700 "$W/data"; mkdir -m 755 "$W/sock"; chown postgres "$W/data" "$W/sock"
runuser -u postgres -- "$PGBIN/initdb" -D "$W/data" -A trust -U postgres --no-sync >/dev/null
printf "port = $PORT\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '$W/sock'\n" >> "$W/data/postgresql.conf"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/data" -l "$W/sock/log" -w start >/dev/null
URL="postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
echo "== lateness to exec, 5 jobs every second, ${SECS:-60} s each ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), fsync on)"
for mode in host cluster; do
    d=$W/$mode; mkdir -p "$d/run"; chmod 700 "$d" "$d/run"
    { [ $mode = cluster ] && printf '[cluster]\nurl = "%s"\nnode = "n1"\n\n' "$URL"
      printf '[defaults]\ntimezone = "UTC"\n\n[jobs.tick]\nexec = ["%s", "%s"]\nevery = "1s"\n' "$W/stamp" "$d/stamps.txt"
      for i in 1 2 3 4; do printf '[jobs.j%d]\ncommand = "true"\nevery = "1s"\n' $i; done; } > "$d/scheduler.toml"
    chmod 600 "$d/scheduler.toml"
    XDG_STATE_HOME=$d/state XDG_RUNTIME_DIR=$d/run HOME=$d "$BIN" daemon --config "$d/scheduler.toml" > "$d/out.log" 2>&1 & P=$!
    sleep 3; : > "$d/stamps.txt"; sleep "${SECS:-60}"; kill -TERM "$P"; wait "$P"; P=""
    printf '%-8s ' "$mode:"; python3 "$DAEMON/lateness.py" "tick" "$d/stamps.txt"
done
