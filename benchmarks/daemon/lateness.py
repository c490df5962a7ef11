"""Prints lateness percentiles from lines 'SCHEDULED_AT(RFC 3339) START_NS'. Usage: lateness.py TITLE FILE."""
import sys
from datetime import datetime

title, path = sys.argv[1], sys.argv[2]
late = []
for line in open(path):
    try:
        sched, ns = line.split()
        late.append(int(ns) / 1e6 - datetime.fromisoformat(sched).timestamp() * 1000)
    except ValueError:
        pass
late.sort()
if not late:
    print(f"{title}: no samples")
    sys.exit()
pct = lambda p: late[min(len(late) - 1, int(p / 100 * len(late)))]
print(f"{title}: {len(late)} starts, lateness ms p50 {pct(50):.1f}, p99 {pct(99):.1f}, max {late[-1]:.1f}")
