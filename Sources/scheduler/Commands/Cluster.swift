import SchedulerCore
import SchedulerDaemon
import SystemCalls

let clusterCommand = Command(
    name: "cluster",
    summary: "the cluster database: its schema (sql)",
    usage: "sql",
    details: """
    sql     print the SQL that creates the cluster tables (schema version \(ClusterSchema.version)), for
            teams whose application user can't run DDL: run it once as the owner. Without it the
            daemon creates the tables on first use. See scheduler.toml(5), RUNNING ON SEVERAL SERVERS.
    """,
    flags: [],
    run: { args in
        switch args.positionals.first {
        case "sql"?:
            guard args.positionals.count == 1 else { throw UsageError(message: "'cluster sql' takes no more arguments") }
            print(ClusterSchema.sql)
            return 0
        case let other?:
            throw UsageError(message: "unknown 'cluster' subcommand '\(other)'", hint: "scheduler cluster sql")
        case nil:
            throw UsageError(message: "'cluster' needs a subcommand", hint: "scheduler cluster sql")
        }
    }
)
