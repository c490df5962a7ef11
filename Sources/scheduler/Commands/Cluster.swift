import SchedulerCore
import SchedulerDaemon
import SystemCalls

let clusterCommand = Command(
    name: "cluster",
    summary: "the cluster database: its schema (sql) and its nodes (status)",
    usage: "sql | status [--config PATH]",
    details: """
    sql     print the SQL that creates the cluster tables (schema version \(ClusterSchema.version)), for
            teams whose application user can't run DDL: run it once as the owner. Without it the
            daemon creates the tables on first use. See scheduler.toml(5), RUNNING ON SEVERAL SERVERS.
    status  the nodes of this config's [cluster]: last heartbeat, zone, config hash (nodes whose jobs
            differ from this file's are marked), runs up; and the clock offset to the database.
            Exit status 1 when the database can't be reached.
    """,
    flags: [configFlag],
    run: { args in
        switch args.positionals.first {
        case "sql"?:
            guard args.positionals.count == 1 else { throw UsageError(message: "'cluster sql' takes no more arguments") }
            print(ClusterSchema.sql)
            return 0
        case "status"?:
            guard args.positionals.count == 1 else { throw UsageError(message: "'cluster status' takes no more arguments") }
            let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
            guard let config = loadConfigOrReport(ctx) else { return 2 }
            return clusterStatus(config, ctx)
        case let other?:
            throw UsageError(message: "unknown 'cluster' subcommand '\(other)'", hint: "scheduler cluster sql|status")
        case nil:
            throw UsageError(message: "'cluster' needs a subcommand", hint: "scheduler cluster sql|status")
        }
    }
)

/// The config's cluster store, or nil after saying why not (no [cluster], bad settings).
func clusterStore(_ config: Config, _ ctx: OperatorContext) -> (PostgresClusterStore, ClusterSettings)? {
    guard let settings = config.cluster else {
        printError("scheduler: \(config.path) has no [cluster] table; see scheduler.toml(5), RUNNING ON SEVERAL SERVERS")
        return nil
    }
    do { return (try PostgresClusterStore(settings: settings, environment: ctx.environment), settings) } catch {
        printError("scheduler: \(error)")
        return nil
    }
}

/// Runs `body` against the database; 1 after printing the error when it can't be reached.
func withClusterDatabase(_ config: Config, _ ctx: OperatorContext, _ body: (PostgresClusterStore, ClusterSettings) throws -> Int32) -> Int32 {
    guard let (store, settings) = clusterStore(config, ctx) else { return config.cluster == nil ? 2 : 1 }
    defer { store.disconnect() }
    do { return try body(store, settings) } catch {
        printError("scheduler: cluster database \(store.place): \(error)")
        return 1
    }
}

func clusterStatus(_ config: Config, _ ctx: OperatorContext) -> Int32 {
    withClusterDatabase(config, ctx) { store, settings in
        let report = try store.report()
        print("Cluster '\(settings.name)' on \(store.place): PostgreSQL \(report.version), clock offset \(offsetText(report.clockOffset))")
        guard report.schemaVersion != nil else { print("No cluster tables yet: a daemon creates them on first use."); return 0 }
        let nodes = try store.nodes(cluster: settings.name)
        guard !nodes.isEmpty else { print("No node has heartbeated yet."); return 0 }
        let mine = ClusterRuntime.configHash(config)
        let rows = [["NODE", "HOST", "PID", "HEARTBEAT", "STATE", "ZONE", "CONFIG", "RUNS UP"]] + nodes.map { n in
            [n.node, n.host, String(n.pid), HumanTime.duration(.seconds(Int64(n.secondsSinceHeartbeat))) + " ago",
             n.stopped ? "stopped" : n.secondsSinceHeartbeat < Double(settings.lease.nanoseconds) / 1e9 ? "alive" : "gone",
             n.zone, n.configHash + (n.configHash == mine ? "" : " (differs)"), String(n.runsUp)]
        }
        print(Columns.render(rows), terminator: "")
        return 0
    }
}

func offsetText(_ seconds: Double) -> String {
    let ms = Int((seconds * 1000).rounded())
    return ms == 0 ? "under 1 ms" : "\(ms > 0 ? "+" : "")\(ms) ms (database minus this machine)"
}

/// `history --cluster` and `ps --cluster`: rows of the slot table, every node's runs.
func clusterSlots(_ args: ParsedArguments, open: Bool, job: String?, limit: Int) -> Int32 {
    let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
    guard let config = loadConfigOrReport(ctx) else { return 2 }
    return withClusterDatabase(config, ctx) { store, settings in
        let rows = try store.slots(cluster: settings.name, open: open, job: job, limit: limit).reversed()
        let zone = TimeZoneRules.system(environment: ctx.environment)
        let now = Instant(nanoseconds: SystemClock.realtime())
        if args.has("json") {
            for r in rows { print(slotJSON(r, zone: zone)) }
            return 0
        }
        guard !rows.isEmpty else { print(open ? "No cluster job is running on any node." : "No finished cluster run yet."); return 0 }
        let table = rows.map { r -> [String] in
            let id = "\(r.job).\(r.run.map(String.init) ?? "?")"
            if open {
                let up = r.startedAt.map { "up for " + HumanTime.duration(.seconds(max((now - $0).nanoseconds / 1_000_000_000, 0))) } ?? r.status
                return [id, "on \(r.node)", up, r.pid.map { "pid \($0)" } ?? "", "attempt \(r.attempt)", "slot " + TimeFormat.rfc3339(r.scheduledAt, zone: zone)]
            }
            return [id, r.node, r.status + (r.exitCode.map { " (\($0))" } ?? ""), "attempt \(r.attempt)", r.kind,
                    "slot " + TimeFormat.rfc3339(r.scheduledAt, zone: zone),
                    r.finishedAt.map { "ended " + TimeFormat.rfc3339($0, zone: zone) } ?? ""]
        }
        print(Columns.render(table), terminator: "")
        return 0
    }
}

func slotJSON(_ r: SlotRow, zone: TimeZoneRules) -> String {
    var o = JSONObject().add("job", r.job).add("node", r.node).add("attempt", r.attempt).add("kind", r.kind)
        .add("status", r.status).add("scheduled_at", TimeFormat.rfc3339(r.scheduledAt, zone: zone))
    if let run = r.run { o = o.add("run", run) }
    if let t = r.startedAt { o = o.add("started_at", TimeFormat.rfc3339(t, zone: zone, fraction: true)) }
    if let t = r.finishedAt { o = o.add("ended_at", TimeFormat.rfc3339(t, zone: zone, fraction: true)) }
    if let c = r.exitCode { o = o.add("exit_code", c) }
    if let p = r.pid { o = o.add("pid", p) }
    return o.text
}

/// `check --connect`: connects, checks the tables and prints the server's version and clock offset.
func checkConnection(_ config: Config, _ ctx: OperatorContext) -> Int32 {
    withClusterDatabase(config, ctx) { store, settings in
        let r = try store.report()
        print("Cluster database \(store.place): PostgreSQL \(r.version), clock offset \(offsetText(r.clockOffset))")
        for w in store.warnings { print("warning: \(w)") }
        switch r.schemaVersion {
        case nil: print("No cluster tables yet: the daemon creates them on first use (or run 'scheduler cluster sql' as their owner).")
        case let v? where v > ClusterSchema.version:
            printError("scheduler: the cluster tables have schema version \(v); this scheduler knows version \(ClusterSchema.version): upgrade it")
            return 1
        case let v?: print("Cluster tables: schema version \(v)\(v < ClusterSchema.version ? " (the daemon migrates it to \(ClusterSchema.version))" : "")")
        }
        if abs(r.clockOffset) > 1 { print("warning: this machine's clock is \(offsetText(r.clockOffset)) off the database's: slots are computed from the local clock") }
        _ = settings
        return 0
    }
}
