"""Configs for benchmarks/costs/run.sh. Usage: gen.py wake IDLE STAMPFILE PROBE | gen.py start 0."""
import sys
import time

kind, n = sys.argv[1], int(sys.argv[2])
far_hour = (time.gmtime().tm_hour + 12) % 24  # daily jobs twelve hours away: never due while measured (TZ=UTC)
print('[daemon]\nshutdown_grace = "5s"\nhistory_max_size = "1GB"\n')
if kind == "wake":
    out, probe = sys.argv[3], sys.argv[4]
    print(f'[jobs.tick]\nexec = ["{probe}", "{out}"]\nevery = "1s"\n')
    for i in range(n):
        print(f'[jobs.idle{i}]\ncommand = "true"\ndaily = "{far_hour:02d}:{i % 60:02d}"\n')
else:
    print(f'[jobs.job0]\ncommand = "true"\ndaily = "{far_hour:02d}:00"\n')
