import Testing
@testable import SchedulerCore

/// Every rule's error: exact line:col, caret length, message and hint.
@Suite struct ConfigErrorTests {
    /// A valid job whose 4th line is `line`.
    static func job(_ line: String) -> String { "[jobs.backup]\ncommand = \"true\"\ndaily = \"03:30\"\n" + line + "\n" }
    static let durationHint = "write a number and a unit, e.g. \"500ms\", \"90s\", \"10m\", \"1h30m\", \"2d\""
    static let execHint = "write exec = [\"program\", \"arg\", …]; for a shell command line use command = \"…\""
    static let dailyHint = "write daily = \"03:30\" or daily = [\"09:00\", \"17:30\"]"
    static let sizeHint = "write a size such as \"512KB\", \"10MB\" or \"1GB\", or a number of bytes"

    static let jobKeyRows: [(String, Expected)] = [
        (job("timout = \"1h\""), Expected(4, 1, 6, "unknown key 'timout' in job 'backup'", hint: "did you mean 'timeout'?")),
        (job("retry_delay = \"1s\""), Expected(4, 1, 11, "unknown key 'retry_delay' in job 'backup'",
                                             hint: "did you mean 'retry'? scheduler.toml(5) shows all its forms")),
        (job("enabled = \"yes\""), Expected(4, 11, 5, "'enabled' in job 'backup' must be true or false, not a string",
                                            hint: "write enabled = true or enabled = false, without quotes")),
        (job("timeout = \"10 minutes\""), Expected(4, 11, 12, "'timeout' in job 'backup': '10 minutes' is not a duration", hint: "write \"10m\"")),
        (job("timeout = \"1.5h\""), Expected(4, 11, 6, "'timeout' in job 'backup': '1.5h' is not a duration", hint: "write \"1h30m\"")),
        (job("timeout = \"-5s\""), Expected(4, 11, 5, "'timeout' in job 'backup': a duration can't be negative", hint: durationHint)),
        (job("timeout = -5"), Expected(4, 11, 2, "'timeout' in job 'backup' can't be negative",
                                       hint: "write a positive number of seconds, or a duration like \"90s\"")),
        (job("timeout = \"0s\""), Expected(4, 11, 4, "'timeout' in job 'backup' can't be zero",
                                           hint: "to turn off an inherited timeout write timeout = \"none\"")),
        (job("timeout = 0"), Expected(4, 11, 1, "'timeout' in job 'backup' can't be zero",
                                      hint: "to turn off an inherited timeout write timeout = \"none\"")),
        (job("jitter = 1.5"), Expected(4, 10, 3, "'jitter' in job 'backup' must be a duration, not a float",
                                       hint: "write a string with a unit, e.g. jitter = \"1s500ms\"")),
        (job("kill_grace = true"), Expected(4, 14, 4, "'kill_grace' in job 'backup' must be a duration, not a boolean",
                                            hint: "write a string with a unit, e.g. kill_grace = \"90s\", or a number of seconds")),
        (job("spread = \"1h1h\""), Expected(4, 10, 6, "'spread' in job 'backup': '1h1h': units must go from largest to smallest, each once",
                                            hint: "write \"2h\"")),
        (job("overlap = \"skipp\""), Expected(4, 11, 7, "'overlap' in job 'backup' is 'skipp'; it must be one of skip, queue, replace, allow",
                                              hint: "did you mean 'skip'?")),
        (job("overlap = 1"), Expected(4, 11, 1, "'overlap' in job 'backup' must be a string, not an integer",
                                      hint: "write one of: \"skip\", \"queue\", \"replace\", \"allow\"")),
        (job("catch_up = 1"), Expected(4, 12, 1, "'catch_up' in job 'backup' must be true or false, not an integer",
                                       hint: "write catch_up = true or catch_up = false, without quotes")),
        (job("description = 5"), Expected(4, 15, 1, "'description' in job 'backup' must be a string, not an integer",
                                          hint: "put the value in double quotes: description = \"…\"")),
        (job("on_failure = \"\""), Expected(4, 14, 2, "'on_failure' in job 'backup' is empty", hint: "write the command to run when the job fails")),
        (job("directory = \"srv/app\""), Expected(4, 13, 9, "'directory' in job 'backup' must be an absolute path or start with ~/",
                                                  hint: "e.g. directory = \"~/srv/app\"")),
        (job("directory = \"~bob/x\""), Expected(4, 13, 8, "'directory' in job 'backup': only '~/' (your home) can start a path",
                                                 hint: "write the full path instead of ~user")),
        (job("shell = \"bash\""), Expected(4, 9, 6, "'shell' in job 'backup' must be an absolute path", hint: "write the full path, e.g. shell = \"/bin/bash\"")),
        (job("env_file = \".env\""), Expected(4, 12, 6, "'env_file' in job 'backup': env file '/cfg/.env' can't be read (missing or not readable)",
                                              hint: "create it, or fix the path (relative paths start at the config file's directory)")),
    ]

    static let tableRows: [(String, Expected)] = [
        (job("retry = { attempts = 3, delya = \"5s\" }"), Expected(4, 25, 5, "unknown key 'delya' in 'retry' in job 'backup'", hint: "did you mean 'delay'?")),
        (job("retry = { factor = 0.5 }"), Expected(4, 20, 3, "'factor' in 'retry' in job 'backup' is 0.5; it must be from 1 to 100",
                                                   hint: "1 keeps the delay constant, 2 doubles it")),
        (job("retry = { delay = \"5m\", max_delay = \"1m\" }"), Expected(4, 37, 4, "'max_delay' in 'retry' in job 'backup' (1m) is shorter than 'delay' (5m)",
                                                                      hint: "max_delay caps the growing delay, so it must be at least delay")),
        (job("retry = { attempts = 1001 }"), Expected(4, 22, 4, "'attempts' in 'retry' in job 'backup' is 1001; it must be from 0 to 1000", hint: nil)),
        (job("retry = \"3\""), Expected(4, 9, 3, "'retry' in job 'backup' must be a number or a table, not a string",
                                        hint: "write retry = 3, or retry = { attempts = 3, delay = \"10s\", factor = 2.0, max_delay = \"10m\" }")),
        (job("retry = -1"), Expected(4, 9, 2, "'retry' in job 'backup' is -1; it must be from 0 to 1000", hint: nil)),
        (job("env = { \"MY-VAR\" = \"x\" }"), Expected(4, 9, 8, "'MY-VAR' is not a valid environment variable name",
                                                       hint: "use letters, digits and '_', not starting with a digit, e.g. 'MY_VAR'")),
        (job("env = { A = [1] }"), Expected(4, 13, 3, "'A' in 'env' in job 'backup' must be a string, not an array", hint: "write A = \"…\"")),
        (job("env = \"A=1\""), Expected(4, 7, 5, "'env' in job 'backup' must be a table, not a string",
                                        hint: "write env = { RAILS_ENV = \"production\" } or a [jobs.NAME.env] table")),
    ]

    static let commandAndScheduleRows: [(String, Expected)] = [
        ("[jobs.backup]\ncommand = \"  \"\ndaily = \"03:30\"\n", Expected(2, 11, 4, "'command' in job 'backup' is empty", hint: "write the command line to run")),
        (job("cron = \"0 3 * * *\""), Expected(4, 1, 4, "job 'backup' has two schedules: 'daily' and 'cron'", hint: "keep one; for another schedule make another job")),
        ("[jobs.backup]\ncommand = \"true\"\n", Expected(1, 7, 6, "job 'backup' has no schedule",
                                                      hint: "add one of every, daily, hourly, weekly or cron, e.g. daily = \"03:30\" or every = \"10m\"")),
        ("[jobs.backup]\ndaily = \"03:30\"\n", Expected(1, 7, 6, "job 'backup' has no command",
                                                     hint: "add command = \"…\" (run by /bin/sh -c) or exec = [\"program\", \"arg\"]")),
        (job("exec = [\"true\"]"), Expected(4, 1, 4, "job 'backup' has both 'command' and 'exec'",
                                            hint: "use command for a shell command line or exec for a list of arguments, not both")),
        ("[jobs.backup]\nexec = []\ndaily = \"03:30\"\n", Expected(2, 8, 2, "'exec' in job 'backup' is empty", hint: execHint)),
        ("[jobs.backup]\nexec = [\"sleep\", 5]\ndaily = \"03:30\"\n", Expected(2, 18, 1, "'exec' in job 'backup' must hold strings, not integers",
                                                                          hint: "quote each argument: \"…\"")),
        ("[jobs.backup]\nexec = \"ls -l\"\ndaily = \"03:30\"\n", Expected(2, 8, 7, "'exec' in job 'backup' must be a list of strings, not a string", hint: execHint)),
        (job("at = \":15\""), Expected(4, 1, 2, "'at' in job 'backup' only works with 'every'", hint: "for a time of day write daily = \"HH:MM\"")),
        ("[jobs.b]\ncommand = \"x\"\nevery = \"10m\"\nat = 15\n", Expected(4, 6, 2, "'at' in job 'b' must be a string, not an integer",
                                                                        hint: "write e.g. at = \":15\" or at = \"03:30\"")),
        ("[jobs.b]\ncommand = \"x\"\nevery = \"0s\"\n", Expected(3, 9, 4, "'every' in job 'b' can't be zero", hint: "write how often, e.g. every = \"10m\"")),
        ("[jobs.b]\ncommand = \"x\"\ndaily = [\"03:30\", 4]\n", Expected(3, 19, 1, "times in 'daily' in job 'b' must be strings, not integers", hint: dailyHint)),
        ("[jobs.b]\ncommand = \"x\"\ndaily = []\n", Expected(3, 9, 2, "'daily' in job 'b' is an empty list", hint: dailyHint)),
        ("[jobs.b]\ncommand = \"x\"\nhourly = \":15\"\n", Expected(3, 10, 5, "'hourly' in job 'b' must be a minute (0 to 59), not a string",
                                                                 hint: "write a whole number without quotes, e.g. hourly = 15")),
        ("[jobs.b]\ncommand = \"x\"\ncron = 5\n", Expected(3, 8, 1, "'cron' in job 'b' must be a string, not an integer",
                                                        hint: "write the five fields in quotes, e.g. cron = \"*/10 * * * *\"")),
    ]

    static let structureRows: [(String, Expected)] = [
        ("[jobs.\"my job\"]\ncommand = \"true\"\ndaily = \"03:30\"\n", Expected(1, 7, 8, "job name 'my job' may only have letters, digits, '_', '.' and '-'",
                                                                        hint: "e.g. [jobs.my_job]")),
        ("[jobs.\(String(repeating: "a", count: 65))]\ncommand = \"true\"\ndaily = \"03:30\"\n",
         Expected(1, 7, 65, "job name '\(String(repeating: "a", count: 65))' is 65 characters long; at most 64 are allowed",
                  hint: "shorten it; the description key can say more")),
        ("[jobs.db.backup]\ncommand = \"x\"\ndaily = \"03:00\"\n", Expected(1, 10, 6, "job name 'db.backup' has a dot, so TOML reads it as a table 'backup' inside job 'db'",
                                                                       hint: "quote a name with dots: [jobs.\"db.backup\"]")),
        ("[defaults]\ncommand = \"x\"\n", Expected(2, 1, 7, "'command' can't be set in [defaults]", hint: "set it in each [jobs.NAME] table")),
        ("[defaults]\ndaily = \"03:00\"\n", Expected(2, 1, 5, "a schedule can't be set in [defaults]", hint: "set it in each [jobs.NAME] table")),
        ("[defaults]\ntimeot = \"1h\"\n", Expected(2, 1, 6, "unknown key 'timeot' in [defaults]", hint: "did you mean 'timeout'?")),
        ("[daemon]\nlog_max_size = \"10XB\"\n", Expected(2, 16, 6, "'log_max_size' in [daemon]: '10XB' is not a size", hint: sizeHint)),
        ("[daemon]\nlog_max_size = 0\n", Expected(2, 16, 1, "'log_max_size' in [daemon] must be more than zero", hint: sizeHint)),
        ("[daemon]\nhistory_max_size = \"10KB\"\n", Expected(2, 20, 6, "'history_max_size' in [daemon] is 10240 bytes; it must be at least 100KB", hint: "the default is \"100MB\"")),
        ("[daemon]\nhistory_keep = \"0s\"\n", Expected(2, 16, 4, "'history_keep' in [daemon] can't be zero", hint: "keep at least a day, e.g. history_keep = \"30d\"")),
        ("[daemon]\nhistory_keep = \"a month\"\n", Expected(2, 16, 9, "'history_keep' in [daemon]: 'a month' is not a duration", hint: "write a number and a unit, e.g. \"500ms\", \"90s\", \"10m\", \"1h30m\", \"2d\"")),
        ("[daemon]\nlog_files = -1\n", Expected(2, 13, 2, "'log_files' in [daemon] is -1; it must be from 0 to 1000", hint: nil)),
        ("[daemon]\ntimeout = \"1h\"\n", Expected(2, 1, 7, "unknown key 'timeout' in [daemon]", hint: "job settings for every job go in [defaults]")),
        ("[daemon]\nshutdown_grace = \"30 seconds\"\n", Expected(2, 18, 12, "'shutdown_grace' in [daemon]: '30 seconds' is not a duration", hint: "write \"30s\"")),
        ("command = \"x\"\n", Expected(1, 1, 7, "'command' is outside any job",
                                      hint: "job keys go in a [jobs.NAME] table (or [defaults]); keys after a table header belong to that table, so put top-level keys first")),
        ("[job.backup]\ncommand = \"x\"\n", Expected(1, 2, 3, "unknown key 'job'", hint: "did you mean 'jobs'?")),
        ("jobs = 5\n", Expected(1, 8, 1, "'jobs' must be a table of named jobs, not an integer", hint: "write [jobs.NAME] tables")),
        ("[jobs]\nbackup = \"true\"\n", Expected(2, 10, 6, "'backup' in 'jobs' must be a table, not a string",
                                              hint: "write a [jobs.backup] table with command = \"…\" and a schedule")),
    ]

    @Test(arguments: jobKeyRows) func jobKey(toml: String, expected: Expected) { check(toml, expected) }
    @Test(arguments: tableRows) func tableKey(toml: String, expected: Expected) { check(toml, expected) }
    @Test(arguments: commandAndScheduleRows) func commandAndSchedule(toml: String, expected: Expected) { check(toml, expected) }
    @Test(arguments: structureRows) func structure(toml: String, expected: Expected) { check(toml, expected) }

    @Test func envFileSyntaxErrorNamesItsLine() {
        let files = ["/cfg/bad.env": "A=1\nthis is bad\n"]
        check(Self.job("env_file = \"bad.env\""),
              Expected(4, 12, 9, "'env_file' in job 'backup': /cfg/bad.env:2:6: expected '=' after 'this'",
                       hint: "write one KEY=value per line; quote values with spaces or '#'"), files: files)
    }

    @Test func unknownZoneIsReportedAtTheValue() throws {
        let r = ConfigFixture.load(Self.job("timezone = \"Europe/Berln\""))
        let d = try #require(r.errors.first)
        #expect(r.errors.count == 1)
        #expect((d.position?.line, d.position?.column, d.length) == (4, 12, 14))
        #expect(d.message.hasPrefix("'timezone' in job 'backup': "))
        #expect(d.hint != nil)
    }

    @Test func tomlSyntaxErrorHasPositionAndLine() throws {
        let r = ConfigFixture.load("[jobs.backup]\ncommand = \"true\ndaily = \"03:30\"\n")
        let d = try #require(r.errors.first)
        #expect(r.errors.count == 1)
        #expect(d.position?.line == 2)
        #expect(d.sourceLine == "command = \"true")
        #expect(d.hint != nil)
    }

    private func check(_ toml: String, _ expected: Expected, files: [String: String] = [:],
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let r = ConfigFixture.load(toml, files: files)
        #expect(r.config == nil, sourceLocation: sourceLocation)
        #expect(r.diagnostics.map(Expected.init) == [expected], sourceLocation: sourceLocation)
    }
}
