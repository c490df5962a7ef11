"""Prints lateness percentiles from lines 'SCHEDULED_AT(RFC 3339) START_NS', and the slowest slots.
Usage: lateness.py TITLE FILE."""
import sys
from collections import defaultdict
from datetime import datetime

title, path = sys.argv[1], sys.argv[2]
late, slots = [], defaultdict(list)
for line in open(path):
    try:
        sched, ns = line.split()
        ms = int(ns) / 1e6 - datetime.fromisoformat(sched).timestamp() * 1000
    except ValueError:
        continue
    late.append(ms)
    slots[sched].append(ms)
late.sort()
if not late:
    print(f"{title}: no samples")
    sys.exit()
pct = lambda p: late[min(len(late) - 1, int(p / 100 * len(late)))]
order = sorted(slots)
worst = sorted(order, key=lambda s: -max(slots[s]))[:3]
where = ", ".join(f"#{order.index(s) + 1} {max(slots[s]):.1f}" for s in worst)
print(f"{title}: {len(late)} starts, lateness ms p50 {pct(50):.1f}, p99 {pct(99):.1f}, max {late[-1]:.1f} "
      f"(slowest slots of {len(order)}: {where})")
