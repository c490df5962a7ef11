"""Writes benchmark configs (and a crontab) to stdout. Usage: gen_config.py KIND N [OUTFILE]."""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
out = sys.argv[3] if len(sys.argv) > 3 else ""
stamp = 'echo "$SCHEDULER_SCHEDULED_AT $(date +%s%N)" >> ' + out

if kind == "idle":
    # Hourly jobs spread over the hour, as a big real config would be.
    for i in range(n):
        print(f'[jobs.job{i}]\ncommand = "true"\nevery = "1h"\nat = ":{i % 60:02d}"\n')
elif kind == "crontab":
    for i in range(n):
        print(f"{i % 60} * * * * root true")
elif kind in ("lateness", "burst"):
    print('[daemon]\nshutdown_grace = "5s"\n')
    every = "1s" if kind == "lateness" else "20s"
    for i in range(n):
        print(f"[jobs.j{i}]\ncommand = '{stamp}'\nevery = \"{every}\"\n")
elif kind == "flood":
    # n bytes of 100-byte lines; log files large enough not to rotate away during the run.
    print(f'[daemon]\nlog_max_size = "2GB"\nlog_files = 1\n')
    print(f"[jobs.flood]\ncommand = \"yes $(printf 'x%.0s' $(seq 99)) | head -c {n}\"\nevery = \"1s\"\n")
