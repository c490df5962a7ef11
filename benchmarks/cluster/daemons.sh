#!/bin/bash
# Daemon-level cluster figures (issue 11): lateness with and without [cluster], 1,000 jobs due at one
# instant on three nodes, statements per due instant per node (from the server log), idle RSS. Root; postgresql installed.
# Usage: benchmarks/cluster/daemons.sh [path/to/scheduler]   (default: .build/release/scheduler, else debug)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-$( [ -x .build/release/scheduler ] && echo .build/release/scheduler || echo .build/debug/scheduler )}
BIN=$(readlink -f "$BIN")
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
W=$(mktemp -d /tmp/cluster-daemons.XXXXXX); chmod 755 "$W"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$W"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -m 700 "$W/data"; mkdir -m 755 "$W/sock" "$W/log"; chown postgres "$W/data" "$W/sock" "$W/log"
runuser -u postgres -- "$PGBIN/initdb" -D "$W/data" -A trust -U postgres --no-sync >/dev/null
cat >> "$W/data/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$W/sock'
log_statement = 'all'
log_line_prefix = '%a '
max_connections = 30
CONF
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/data" -l "$W/log/server.log" -w start >/dev/null
PSQL=("$PGBIN/psql" -X -qAt -h "$W/sock" -p "$PORT" -U postgres -d postgres)
URL="postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"

# node DIR NODE JOBS [host|cluster|durable]: writes DIR/scheduler.toml (durable: durable_claims = true)
node() {
    mkdir -p "$1/run"; chmod 700 "$1/run"
    { if [ "$4" != host ]; then printf '[cluster]\nurl = "%s"\nnode = "%s"\n' "$URL" "$2"; fi
      if [ "$4" = durable ]; then printf 'durable_claims = true\n'; fi
      printf '[defaults]\ntimezone = "UTC"\n\n%s' "$3"; } > "$1/scheduler.toml"
    chmod 600 "$1/scheduler.toml"
}
start() {  # DIR → pid
    XDG_STATE_HOME="$1/state" XDG_RUNTIME_DIR="$1/run" HOME="$1" "$BIN" daemon --config "$1/scheduler.toml" >"$1/out.log" 2>&1 &
    PIDS+=($!); echo $!
}
stop_daemons() {  # PID...: SIGTERM, then wait until they are gone (they are not this shell's children: start
    kill -TERM "$@"   # runs them from a command substitution, so `wait` would return at once)
    for p in "$@"; do for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; done
}
lateness() {  # HISTORY... → p50/p99/max of started_at - scheduled_at in ms
    python3 - "$@" <<'PY'
import json, sys, datetime
d=[]
for f in sys.argv[1:]:
    for l in open(f):
        r=json.loads(l)
        if r.get("status")=="skipped": continue
        p=lambda s: datetime.datetime.fromisoformat(s)
        d.append((p(r["started_at"])-p(r["scheduled_at"])).total_seconds()*1000)
d.sort()
q=lambda x: d[min(len(d)-1,int(x*len(d)))]
print(f"{len(d)} runs: p50 {q(0.5):.2f} ms, p99 {q(0.99):.2f} ms, max {d[-1]:.2f} ms")
PY
}
# Statements are counted from the server log (log_statement = 'all', each line prefixed with the client's
# application_name: the daemons' are "scheduler", this script's psql is not counted): one line per executed
# statement, named by its first line.
mark() { MARK=$(stat -c %s "$W/log/server.log"); }
statements() {  # INSTANTS NODES: the daemons' statements since `mark`, per due instant per node
    tail -c +$((MARK + 1)) "$W/log/server.log" | grep -a '^scheduler .*LOG:  execute ' \
        | sed -E 's/^scheduler .*LOG:  execute [^:]*: //; s/[[:space:]]+/ /g' | cut -c1-70 | sort | uniq -c | sort -rn \
        | awk -v n=$(( $1 * $2 )) '{ c = $1; $1 = ""; printf "    %5d calls, %5.2f per instant per node:%s\n", c, c / n, $0 }'
}
five=$(for i in 1 2 3 4 5; do printf '[jobs.j%d]\ncommand = "true"\nevery = "1s"\n' $i; done)

# Claims commit with synchronous_commit = off unless durable_claims = true: the server here has fsync on
# (PostgreSQL's defaults), so "durable" shows what the WAL flush in front of each start costs.
echo "== Lateness to exec, 5 jobs every second for 30 s, one node ($BIN)"
for mode in host cluster durable; do
    node "$W/late-$mode" web1 "$five" $mode
    p=$(start "$W/late-$mode"); sleep 33; stop_daemons $p
    printf '%-8s ' "$mode:"; lateness "$W/late-$mode/state/scheduler/history.jsonl"
done

echo "== Statements per due instant, 1 job every second, one node, 20 s"
node "$W/one" web1 $'[jobs.one]\ncommand = "true"\nevery = "1s"\n' cluster
p=$(start "$W/one"); sleep 3
mark
before=$("${PSQL[@]}" -c "SELECT count(*) FROM scheduler_slots WHERE job = 'one'")
sleep 20
instants=$(( $("${PSQL[@]}" -c "SELECT count(*) FROM scheduler_slots WHERE job = 'one'") - before ))
stop_daemons $p
echo "  $instants instants (heartbeat and reap: one each per lease/3 = 10 s)"
statements "$instants" 1

echo "== 1,000 jobs due at one instant, three nodes"
thousand=$(for i in $(seq 1 1000); do printf '[jobs.t%d]\ncommand = "true"\nevery = "30s"\n' $i; done)
"${PSQL[@]}" -c "TRUNCATE scheduler_slots"
for n in 1 2 3; do node "$W/big$n" "web$n" "$thousand" cluster; done
P1=$(start "$W/big1"); P2=$(start "$W/big2"); P3=$(start "$W/big3")
# Wait for the next 30 s boundary to pass, resetting the statement counters a moment before it.
now=$(date +%s); next=$(( (now / 30 + 1) * 30 )); [ $((next - now)) -lt 6 ] && next=$((next + 30))
sleep $((next - now - 3)); mark
sleep 8
"${PSQL[@]}" -c "SELECT 'rows ' || count(*) || ', slots ' || count(DISTINCT (job, scheduled_at)) || ', duplicates ' ||
                 (count(*) - count(DISTINCT (job, scheduled_at))) || ', by node ' || string_agg(DISTINCT node, ',') ||
                 ', last start ' || round(extract(epoch FROM max(started_at) - min(scheduled_at)) * 1000) || ' ms after the instant'
                 FROM scheduler_slots WHERE scheduled_at = to_timestamp($next)"
"${PSQL[@]}" -c "SELECT node, count(*) FROM scheduler_slots WHERE scheduled_at = to_timestamp($next) GROUP BY 1 ORDER BY 1" | sed 's/^/  won: /'
echo "  statements around that instant (one instant, 3 nodes, 8 s: heartbeats and reaps included):"
statements 1 3
stop_daemons $P1 $P2 $P3

echo "== Idle RSS, one job every hour"
for mode in host cluster; do
    node "$W/idle-$mode" web1 $'[jobs.h]\ncommand = "true"\nevery = "1h"\n' $mode
    p=$(start "$W/idle-$mode"); sleep 8
    printf '%-8s %s\n' "$mode:" "$(grep VmRSS /proc/$p/status)"
    stop_daemons $p
done
