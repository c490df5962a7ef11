"""Summarises a history.jsonl: how many runs and how long from the first start to the last end."""
import json, sys
from datetime import datetime

recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
if recs:
    t = lambda s: datetime.fromisoformat(s).timestamp()
    first = min(t(r["scheduled_at"]) for r in recs)
    last = max(t(r["ended_at"]) for r in recs)
    ok = sum(r["status"] == "succeeded" for r in recs)
    print(f"burst: {len(recs)} runs recorded ({ok} succeeded), all recorded {last - first:.2f} s after the slot")
