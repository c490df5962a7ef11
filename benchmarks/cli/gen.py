#!/usr/bin/env python3
"""Fixture for benchmarks/cli/bench.sh: a 100-job config, a history, and 50 MB of log in 5 rotated files."""
import os, sys, datetime

root = sys.argv[1]
jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 100
log_mb = int(sys.argv[3]) if len(sys.argv) > 3 else 50
cfg = os.path.join(root, "config/scheduler")
state = os.path.join(root, "state/scheduler")
os.makedirs(cfg, mode=0o700, exist_ok=True)
os.makedirs(os.path.join(state, "logs"), mode=0o700, exist_ok=True)
os.makedirs(os.path.join(root, "run"), mode=0o700, exist_ok=True)
for d in [root, os.path.join(root, "config"), cfg, os.path.join(root, "state"), state]:
    os.chmod(d, 0o700)

with open(os.path.join(cfg, "scheduler.toml"), "w") as f:
    for i in range(jobs):
        kind = i % 4
        sched = ['every = "10m"', 'daily = "03:30"', 'cron = "*/15 9-17 * * mon-fri"', 'hourly = 7'][kind]
        f.write(f'[jobs.job_{i:03}]\ncommand = "bundle exec rake task_{i}"\n{sched}\ntimeout = "1h"\n'
                f'retry = {{ attempts = 2 }}\nenv = {{ RAILS_ENV = "production" }}\n\n')
os.chmod(os.path.join(cfg, "scheduler.toml"), 0o600)

t0 = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
with open(os.path.join(state, "history.jsonl"), "w") as f:
    for n in range(20000):
        t = (t0 + datetime.timedelta(seconds=60 * n)).isoformat()
        e = (t0 + datetime.timedelta(seconds=60 * n + 1)).isoformat()
        j = n % jobs
        f.write(f'{{"job":"job_{j:03}","run":{n // jobs + 1},"attempt":1,"scheduled_at":"{t}","started_at":"{t}",'
                f'"ended_at":"{e}","status":"succeeded","exit_code":0,"signal":null,"cpu_seconds":0.100,'
                f'"max_rss_kb":20480,"duration_seconds":1.000,"pid":1234}}\n')

# 5 files of log_mb/5 MB: scheduler.log.4 (oldest) ... scheduler.log (newest).
per_file = log_mb * 1024 * 1024 // 5
n = 0
for suffix in [".4", ".3", ".2", ".1", ""]:
    with open(os.path.join(state, "logs", "scheduler.log" + suffix), "w") as f:
        size = 0
        while size < per_file:
            t = (t0 + datetime.timedelta(seconds=n)).isoformat()
            line = (f"{t} app[job_{n % jobs:03}.{n // jobs}]: Processed {n} records in 12ms "
                    f"(ActiveRecord: 3.1ms | Allocations: 2048)\n" if n % 4 else
                    f"{t} scheduler[job_{n % jobs:03}.{n // jobs}]: State changed from starting to up\n")
            f.write(line)
            size += len(line)
            n += 1
print(f"{root}: {jobs} jobs, 20000 history records, {n} log lines in 5 files")
