#!/bin/sh
# Claim round trip of the PostgreSQL client on loopback, RSS of a connection, and the client's size.
# Starts a private PostgreSQL (as user postgres, on a free port, removed afterwards), runs cluster-bench.
# Usage (as root, with postgresql and openssl installed): benchmarks/cluster/run.sh [ITERATIONS]
# PRIORITY=-15 runs the server and the bench at that nice level: on a busy shared machine the p99 otherwise
# measures the wait for a core, not the round trip.
set -eu
cd "$(dirname "$0")/../.."
ITERATIONS=${1:-2000}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL not installed: apt-get install -y postgresql openssl"; exit 1; }
FLAGS="-c release --static-swift-stdlib --disable-local-rpath"
SCRATCH=${SCRATCH:-.build-bench}
swift build $FLAGS --scratch-path "$SCRATCH" --product cluster-bench >/dev/null
bench="$(swift build $FLAGS --scratch-path "$SCRATCH" --show-bin-path)/cluster-bench"

dir=$(mktemp -d /tmp/cluster-bench.XXXXXX)
chmod 755 "$dir"
stop() {
    [ -f "$dir/data/postmaster.pid" ] && runuser -u postgres -- "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$dir"
}
trap stop EXIT
mkdir -m 700 "$dir/data"; mkdir -m 755 "$dir/socket"
(cd "$dir" && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key \
    -out server.crt -days 1 -subj /CN=localhost 2>/dev/null && chmod 600 server.key)
chown -R postgres "$dir/data" "$dir/socket" "$dir/server.key" "$dir/server.crt"
runuser -u postgres -- "$BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >>"$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/socket'
ssl = on
ssl_cert_file = '$dir/server.crt'
ssl_key_file = '$dir/server.key'
CONF
NICE="nice -n ${PRIORITY:-0}"
$NICE runuser -u postgres -- "$BIN/pg_ctl" -D "$dir/data" -l "$dir/socket/log" -w start >/dev/null
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (fsync on, defaults), $ITERATIONS iterations, nice ${PRIORITY:-0}, load average $(cut -d' ' -f1 /proc/loadavg)"
$NICE "$bench" "postgres://postgres@127.0.0.1:$port/postgres" "$ITERATIONS"

# The same claim through libpq (pgbench, extended protocol, one connection) on the same server and machine
# load: a reference for the p50/p99 above.
if [ -x "$BIN/pgbench" ]; then
    # Slots drawn from ITERATIONS/2 instants: about half the claims conflict, as in cluster-bench.
    cat >"$dir/claim.sql" <<SQL
\\set n random(1, $((ITERATIONS / 2)))
INSERT INTO pgbench_slots (name, job, at, node) VALUES ('default', 'job', to_timestamp(:n), 'web1') ON CONFLICT DO NOTHING RETURNING node;
SQL
    for commit in on off; do
        "$BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "DROP TABLE IF EXISTS pgbench_slots" \
            -c "CREATE TABLE pgbench_slots (name text, job text, at timestamptz, node text, PRIMARY KEY (name, job, at))"
        rm -f "$dir"/pgbench.*
        PGOPTIONS="-c synchronous_commit=$commit" $NICE "$BIN/pgbench" -n -M extended -f "$dir/claim.sql" -t "$ITERATIONS" \
            -h 127.0.0.1 -p "$port" -U postgres -l --log-prefix="$dir/pgbench" postgres >/dev/null 2>&1
        cat "$dir"/pgbench.* | awk '{ print $3 }' | sort -n | awk -v c="$commit" '{ v[NR] = $1 } END {
            printf "libpq (pgbench -M extended), synchronous_commit=%s, 1 claim: p50 %d µs, p99 %d µs, max %d µs (%d transactions)\n",
                c, v[int(NR * 0.5)], v[int(NR * 0.99)], v[NR], NR }'
    done
fi

# What the client costs in a static binary: the release object files of the Postgres module and of the
# SystemCalls/CSystem files added for it (text + data; the final link may share some stdlib code).
objs="$SCRATCH/release/Postgres.build/*.o $SCRATCH/release/SystemCalls.build/NetworkSocket.swift.o \
$SCRATCH/release/SystemCalls.build/TLSSession.swift.o $SCRATCH/release/SystemCalls.build/Random.swift.o \
$SCRATCH/release/CSystem.build/csystem_tls.c.o $SCRATCH/release/CSystem.build/csystem_net.c.o"
# shellcheck disable=SC2086
size -t $objs 2>/dev/null | awk 'END { printf "client object code: %d bytes (text %d, data %d, bss %d)\n", $4, $1, $2, $3 }'
strip -o "$dir/bench.stripped" "$bench"
echo "cluster-bench stripped: $(stat -c %s "$dir/bench.stripped") bytes; dynamic needs: $(readelf -d "$bench" | awk '/NEEDED/ {gsub(/[][]/, "", $5); printf "%s ", $5}')"
readelf -d "$bench" | grep -q 'libssl\|libcrypto' && { echo "FAIL: link-time dependency on OpenSSL"; exit 1; } || echo "no link-time dependency on libssl/libcrypto (dlopen at run time)"
