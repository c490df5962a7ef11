"""Median time from exec of `scheduler daemon` to its READY=1 (sent just before the first poll), over 7 starts.
Usage: start_time.py BIN DIR (DIR has scheduler.toml and state/)."""
import os, socket, statistics, subprocess, sys, time

binary, d = sys.argv[1], sys.argv[2]
times = []
for i in range(7):
    path = f"{d}/notify.sock"
    if os.path.exists(path): os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(path); s.settimeout(120)
    env = {"HOME": d, "XDG_STATE_HOME": d + "/state", "XDG_RUNTIME_DIR": d + "/run", "PATH": "/usr/bin:/bin",
           "TZ": "UTC", "NOTIFY_SOCKET": path}
    t0 = time.monotonic_ns()
    p = subprocess.Popen([binary, "daemon", "--config", d + "/scheduler.toml"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while b"READY=1" not in s.recv(4096): pass
    times.append((time.monotonic_ns() - t0) / 1e6)
    p.terminate(); p.wait(); s.close()
first = times[0]
print(f"median {statistics.median(times):.1f} ms of {len(times)} (first {first:.1f} ms)")
