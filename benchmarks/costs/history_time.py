"""Median wall time of `scheduler history -n 20` over 15 runs. Usage: history_time.py BIN DIR."""
import statistics, subprocess, sys, time

binary, d = sys.argv[1], sys.argv[2]
env = {"HOME": d, "XDG_STATE_HOME": d + "/state", "XDG_RUNTIME_DIR": d + "/run", "PATH": "/usr/bin:/bin", "TZ": "UTC"}
times, lines = [], 0
for _ in range(15):
    t0 = time.monotonic_ns()
    out = subprocess.run([binary, "history", "-n", "20"], env=env, capture_output=True)
    times.append((time.monotonic_ns() - t0) / 1e6)
    lines = out.stdout.count(b"\n")
print(f"history -n 20: median {statistics.median(times):.1f} ms, {lines} lines")
