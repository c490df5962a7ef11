"""Median time from exec of `scheduler daemon` to its READY=1 (sent just before the first poll), over 7 starts.
Usage: start_time.py BIN DIR (DIR has scheduler.toml and state/).
A start that takes long (a rebuild of history.state from a big journal) is waited for, up to START_LIMIT seconds
(default 900), and reported with its time; one that never gets READY (it exited, or passed the limit) is reported
as such instead of crashing the run."""
import os, socket, statistics, subprocess, sys, time

binary, d = sys.argv[1], sys.argv[2]
limit = float(os.environ.get("START_LIMIT", "900"))


def start_once():
    """Milliseconds to READY=1, or a string saying why there was none."""
    path = f"{d}/notify.sock"
    if os.path.exists(path): os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(path); s.settimeout(1)
    env = {"HOME": d, "XDG_STATE_HOME": d + "/state", "XDG_RUNTIME_DIR": d + "/run", "PATH": "/usr/bin:/bin",
           "TZ": "UTC", "NOTIFY_SOCKET": path}
    t0 = time.monotonic_ns()
    p = subprocess.Popen([binary, "daemon", "--config", d + "/scheduler.toml"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            elapsed = (time.monotonic_ns() - t0) / 1e9
            try:
                if b"READY=1" in s.recv(4096): return (time.monotonic_ns() - t0) / 1e6
            except socket.timeout:
                if p.poll() is not None: return f"exited with status {p.returncode} after {elapsed:.1f} s without READY=1"
                if elapsed > limit: return f"no READY=1 after {elapsed:.0f} s (START_LIMIT)"
    finally:
        p.terminate()
        try: p.wait(timeout=30)
        except subprocess.TimeoutExpired: p.kill(); p.wait()
        s.close()


times = []
for i in range(7):
    t = start_once()
    if isinstance(t, str):
        print(f"start {i + 1}: {t}" + (f" (earlier: {', '.join(f'{x:.1f} ms' for x in times)})" if times else ""))
        sys.exit(0)
    times.append(t)
first = times[0]
print(f"median {statistics.median(times):.1f} ms of {len(times)} (first {first:.1f} ms)")
