"""Writes benchmark configs (and a crontab) to stdout. Usage: gen_config.py KIND N [OUTFILE [PROBE]]."""
import sys
import time

kind, n = sys.argv[1], int(sys.argv[2])
out = sys.argv[3] if len(sys.argv) > 3 else ""
stamp = 'echo "$SCHEDULER_SCHEDULED_AT $(date +%s%N)" >> ' + out
far_hour = (time.gmtime().tm_hour + 12) % 24  # "not due": twelve hours away (UTC; the benchmarks run with TZ=UTC)

if kind == "idle":
    # Hourly jobs spread over the hour, as a big real config would be.
    for i in range(n):
        print(f'[jobs.job{i}]\ncommand = "true"\nevery = "1h"\nat = ":{i % 60:02d}"\n')
elif kind == "notdue":
    # Daily jobs twelve hours from now: nothing runs while the idle CPU is measured.
    for i in range(n):
        print(f'[jobs.job{i}]\ncommand = "true"\ndaily = "{far_hour:02d}:{i % 60:02d}"\n')
elif kind == "crontab":
    for i in range(n):
        print(f"{i % 60} * * * * root true")
elif kind == "crontab-notdue":
    for i in range(n):
        print(f"{i % 60} {far_hour} * * * root true")
elif kind in ("lateness", "lateness-sh", "burst"):
    # lateness/burst run the static probe (argv[4]) directly: its first instruction stamps the exec.
    # lateness-sh goes through `sh -c` and date(1), what a shell job sees.
    print('[daemon]\nshutdown_grace = "5s"\n')
    every = "20s" if kind == "burst" else "1s"
    probe = sys.argv[4] if len(sys.argv) > 4 else ""
    for i in range(n):
        run = f"command = '{stamp}'" if kind == "lateness-sh" else f'exec = ["{probe}", "{out}"]'
        print(f"[jobs.j{i}]\n{run}\nevery = \"{every}\"\n")
elif kind == "lateness-allow":
    # n jobs due every second, the probe each: even ones overlap = "allow" (stamps to OUTFILE.allow), odd ones
    # the default "skip" (to OUTFILE): both kinds in one daemon, so load and clock are the same.
    probe = sys.argv[4] if len(sys.argv) > 4 else ""
    print('[daemon]\nshutdown_grace = "5s"\n')
    for i in range(n):
        allow = i % 2 == 0
        target = out + ".allow" if allow else out
        print(f'[jobs.j{i}]\nexec = ["{probe}", "{target}"]\nevery = "1s"\n' + ('overlap = "allow"\n' if allow else ""))
elif kind == "flood":
    # n bytes of 100-byte lines; log files large enough not to rotate away during the run.
    print(f'[daemon]\nlog_max_size = "2GB"\nlog_files = 1\n')
    print(f"[jobs.flood]\ncommand = \"yes $(printf 'x%.0s' $(seq 99)) | head -c {n}\"\nevery = \"1s\"\n")
