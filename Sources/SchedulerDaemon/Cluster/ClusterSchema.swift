/// The tables the nodes of a cluster share, and the statements they run. Every value reaches the server as
/// a Bind parameter ($1, $2…): job names, node names and the cluster name are never part of SQL text.
public enum ClusterSchema {
    /// The schema version this build writes and reads.
    public static let version = 2

    /// Serializes schema creation when several nodes start together (`pg_advisory_xact_lock`).
    static let lockKey: Int64 = 0x5343_4845_4455_4c45  // "SCHEDULE"

    /// The DDL of `version`, as `scheduler cluster sql` prints it; safe to run more than once.
    public static let sql = """
        -- scheduler cluster schema, version 2 (scheduler.toml(5), RUNNING ON SEVERAL SERVERS)
        CREATE TABLE IF NOT EXISTS scheduler_schema (
            version     integer     NOT NULL,
            migrated_at timestamptz NOT NULL DEFAULT now()
        );

        -- One row per claimed slot attempt: the unique key is what makes a slot run once.
        CREATE TABLE IF NOT EXISTS scheduler_slots (
            cluster      text        NOT NULL,
            job          text        NOT NULL,
            scheduled_at timestamptz NOT NULL,
            attempt      integer     NOT NULL,
            kind         text        NOT NULL,  -- scheduled | catch-up | retry | manual
            node         text        NOT NULL,
            run          integer,               -- the node's run number (greeting.12)
            claimed_at   timestamptz NOT NULL DEFAULT now(),
            started_at   timestamptz,
            finished_at  timestamptz,
            status       text        NOT NULL DEFAULT 'claimed',
                         -- claimed | running | succeeded | failed | timed_out | killed | skipped | unknown
            exit_code    integer,
            pid          integer,
            PRIMARY KEY (cluster, job, scheduled_at, attempt)
        );
        CREATE INDEX IF NOT EXISTS scheduler_slots_open ON scheduler_slots (cluster, node) WHERE finished_at IS NULL;
        CREATE INDEX IF NOT EXISTS scheduler_slots_finished ON scheduler_slots (cluster, finished_at);

        -- One row per node: its heartbeat proves that its unfinished slots are still running.
        CREATE TABLE IF NOT EXISTS scheduler_nodes (
            cluster      text        NOT NULL,
            node         text        NOT NULL,
            host         text        NOT NULL,
            pid          integer     NOT NULL,
            heartbeat_at timestamptz NOT NULL,
            started_at   timestamptz NOT NULL,
            zone         text        NOT NULL,
            config_hash  text        NOT NULL,
            PRIMARY KEY (cluster, node)
        );

        -- Version 2. A run that proves itself (scheduler run in the foreground) refreshes its own row's
        -- heartbeat; NULL: its node's heartbeat vouches for it.
        ALTER TABLE scheduler_slots ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz;
        -- Set when the node's daemon stopped cleanly: it is no longer alive, whatever its last heartbeat.
        ALTER TABLE scheduler_nodes ADD COLUMN IF NOT EXISTS stopped_at timestamptz;

        INSERT INTO scheduler_schema (version) SELECT 2 WHERE NOT EXISTS (SELECT 1 FROM scheduler_schema);
        UPDATE scheduler_schema SET version = 2, migrated_at = now() WHERE version < 2;
        """

    /// Statements the daemon sends; `$n` are Bind parameters.
    enum Statement {
        static let lock = "SELECT pg_advisory_xact_lock($1)"
        static let tableExists = "SELECT to_regclass('scheduler_schema') IS NOT NULL"
        static let version = "SELECT coalesce(max(version), 0) FROM scheduler_schema"

        /// Our heartbeat, returning the live nodes ($1 cluster, $2 node, $3 host, $4 pid, $5 zone, $6 hash, $7 lease s).
        static let heartbeat = """
            WITH me AS (
                INSERT INTO scheduler_nodes AS n (cluster, node, host, pid, heartbeat_at, started_at, zone, config_hash)
                VALUES ($1, $2, $3, $4, now(), now(), $5, $6)
                ON CONFLICT (cluster, node) DO UPDATE SET heartbeat_at = now(), stopped_at = NULL, host = $3, pid = $4, zone = $5,
                    config_hash = $6, started_at = CASE WHEN n.pid = $4 AND n.host = $3 THEN n.started_at ELSE now() END
                RETURNING node
            )
            SELECT node FROM scheduler_nodes
            WHERE cluster = $1 AND node <> $2 AND stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => $7)
            UNION ALL SELECT node FROM me
            """

        /// Who else heartbeats under our node name ($1 cluster, $2 node, $3 lease s): host, pid, seconds ago.
        static let nodeOwner = """
            SELECT host, pid, extract(epoch FROM now() - heartbeat_at)::float8 FROM scheduler_nodes
            WHERE cluster = $1 AND node = $2 AND stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => $3)
            """

        /// Claims a batch of slot attempts in one round trip. ($1 cluster, $2 node, $3 jobs, $4 instants (µs since
        /// the epoch), $5 attempts, $6 kinds, $7 runs, $8 overlap-held flags, $9 lease s, $10 foreground flags:
        /// the row starts its own heartbeat.) Returns, per row asked, won / busy / lost and the node that has it;
        /// then a row ('alive', node) per live node, so a node that stopped leaves the rendezvous hash of the
        /// others at their next claim, not only at their next heartbeat.
        static let claim = """
            WITH want AS (
                -- One run of a held job at a time: of its first attempts in this batch only the latest slot is
                -- claimed (the statement can't see its own inserts, so two would both win).
                SELECT w.*, w.held AND w.attempt = 1
                    AND w.at_us < max(w.at_us) FILTER (WHERE w.held AND w.attempt = 1) OVER (PARTITION BY w.job) AS superseded
                FROM unnest($3::text[], $4::int8[], $5::int4[], $6::text[], $7::int4[], $8::bool[], $10::bool[])
                    AS w(job, at_us, attempt, kind, run, held, fg)
            ), busy AS (
                SELECT DISTINCT ON (s.job) s.job, s.node FROM scheduler_slots s
                LEFT JOIN scheduler_nodes n ON n.cluster = s.cluster AND n.node = s.node
                WHERE s.cluster = $1 AND s.finished_at IS NULL AND s.job = ANY($3::text[])
                  -- Up: a foreground run by its own heartbeat, else by its node's (unless that node stopped).
                  AND coalesce(s.heartbeat_at, CASE WHEN n.stopped_at IS NULL THEN n.heartbeat_at END) > now() - make_interval(secs => $9)
            ), won AS (
                INSERT INTO scheduler_slots (cluster, job, scheduled_at, attempt, kind, node, run, heartbeat_at)
                SELECT $1, w.job, to_timestamp(w.at_us / 1e6), w.attempt, w.kind, $2, w.run, CASE WHEN w.fg THEN now() END
                FROM want w
                WHERE NOT w.superseded AND NOT (w.held AND w.attempt = 1 AND EXISTS (SELECT 1 FROM busy b WHERE b.job = w.job))
                ON CONFLICT DO NOTHING
                RETURNING job, scheduled_at, attempt
            )
            SELECT w.job, w.at_us, w.attempt,
                CASE WHEN EXISTS (SELECT 1 FROM won x WHERE x.job = w.job AND x.scheduled_at = to_timestamp(w.at_us / 1e6)
                                  AND x.attempt = w.attempt) THEN 'won'
                     WHEN s.node IS NOT NULL THEN 'lost' WHEN b.node IS NOT NULL OR w.superseded THEN 'busy' ELSE 'lost' END,
                coalesce(s.node, b.node, CASE WHEN w.superseded THEN $2 END, '')
            FROM want w
            LEFT JOIN scheduler_slots s ON s.cluster = $1 AND s.job = w.job AND s.scheduled_at = to_timestamp(w.at_us / 1e6)
                AND s.attempt = w.attempt
            LEFT JOIN busy b ON b.job = w.job
            UNION ALL
            SELECT node, NULL, NULL, 'alive', node FROM scheduler_nodes
            WHERE cluster = $1 AND stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => $9)
            """

        /// Marks runs started ($1 cluster, $2 node, $3 jobs, $4 instants µs, $5 attempts, $6 pids, $7 runs).
        /// Durable (the session's synchronous_commit), and an upsert: a claim row that a database crash lost
        /// (claims commit without waiting for the WAL flush) is written again, unless another node has
        /// claimed the slot since; then both run it, which scheduler.toml(5) says.
        static let started = """
            INSERT INTO scheduler_slots AS s (cluster, job, scheduled_at, attempt, kind, node, run, status, started_at, pid)
            SELECT $1, u.job, to_timestamp(u.at_us / 1e6), u.attempt, CASE WHEN u.attempt = 1 THEN 'scheduled' ELSE 'retry' END,
                   $2, u.run, 'running', now(), u.pid
            FROM unnest($3::text[], $4::int8[], $5::int4[], $6::int4[], $7::int4[]) AS u(job, at_us, attempt, pid, run)
            ON CONFLICT (cluster, job, scheduled_at, attempt) DO UPDATE
                SET status = 'running', started_at = now(), pid = excluded.pid, run = excluded.run
                WHERE s.node = excluded.node AND s.finished_at IS NULL
            """

        /// Overlap across nodes: claims that check for a run up elsewhere take turns per cluster ($1), so
        /// two nodes never both see "no run up" and both insert. The lock is the transaction's; the claim
        /// statement after it reads the rows committed meanwhile (READ COMMITTED takes a snapshot per statement).
        static let claimTurn = "SELECT pg_advisory_xact_lock(hashtextextended('scheduler claims ' || $1, 0))"

        /// Makes the claim's transaction commit without waiting for the WAL flush (for it alone).
        static let asyncCommit = "SELECT set_config('synchronous_commit', 'off', true)"

        /// Records ends ($1 cluster, $2 node, $3 jobs, $4 instants µs, $5 attempts, $6 statuses, $7 exit codes).
        static let finished = """
            UPDATE scheduler_slots s SET status = u.status, finished_at = now(), exit_code = u.code,
                started_at = coalesce(s.started_at, now())
            FROM unnest($3::text[], $4::int8[], $5::int4[], $6::text[], $7::int4[]) AS u(job, at_us, attempt, status, code)
            WHERE s.cluster = $1 AND s.node = $2 AND s.job = u.job AND s.scheduled_at = to_timestamp(u.at_us / 1e6)
              AND s.attempt = u.attempt AND s.finished_at IS NULL
            """

        /// Closes this node's claims that never started ($1 cluster, $2 node): a claim whose answer was lost
        /// with the connection, or one a previous daemon under this name won and never started.
        static let closeStale = """
            UPDATE scheduler_slots SET status = 'skipped', finished_at = now()
            WHERE cluster = $1 AND node = $2 AND status = 'claimed' AND finished_at IS NULL AND heartbeat_at IS NULL
            """

        /// Records as `unknown` the unfinished runs no heartbeat vouched for within the lease (their node went
        /// silent or stopped, or a foreground run stopped refreshing its row); each row is returned to exactly
        /// one caller (row locks), with whether it was a daemon's run (retried) or a foreground one (not).
        /// ($1 cluster, $2 lease s.)
        static let reapDead = """
            UPDATE scheduler_slots s SET status = 'unknown', finished_at = now()
            WHERE s.cluster = $1 AND s.finished_at IS NULL
              AND coalesce(s.heartbeat_at, (SELECT CASE WHEN n.stopped_at IS NULL THEN n.heartbeat_at END FROM scheduler_nodes n
                                            WHERE n.cluster = s.cluster AND n.node = s.node), '-infinity')
                  <= now() - make_interval(secs => $2)
            RETURNING s.job, round(extract(epoch FROM s.scheduled_at) * 1000000)::int8, s.attempt, s.node, s.heartbeat_at IS NULL
            """

        /// A foreground run's heartbeat: its own row ($1 cluster, $2 node, $3 job, $4 instant µs, $5 attempt).
        static let touch = """
            UPDATE scheduler_slots SET heartbeat_at = now()
            WHERE cluster = $1 AND node = $2 AND job = $3 AND scheduled_at = to_timestamp($4::int8 / 1e6) AND attempt = $5
              AND finished_at IS NULL
            """

        /// A cleanly stopped daemon's node is not alive from now on ($1 cluster, $2 node, $3 host, $4 pid).
        static let leave = """
            UPDATE scheduler_nodes SET stopped_at = now()
            WHERE cluster = $1 AND node = $2 AND host = $3 AND pid = $4
            """

        /// Deletes a small batch of finished rows older than $2 seconds ($1 cluster, $3 batch size).
        static let deleteOld = """
            DELETE FROM scheduler_slots WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM scheduler_slots
                WHERE cluster = $1 AND finished_at < now() - make_interval(secs => $2) LIMIT $3))
            """
    }
}
