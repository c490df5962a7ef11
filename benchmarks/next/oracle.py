#!/usr/bin/env python3
"""Compares `scheduler next --cron` with cronsim (which follows Debian cron) over random cases.

Usage: benchmarks/next/oracle.py [--cases N] [--seed S] [--scheduler PATH] [--batch PATH]
Needs `pip install cronsim`. Prints each mismatch and a summary line; exit 1 on any mismatch.

Reference semantics, Debian cron's rules:
- Fixed minute and hour (`30 2 * * *`): cronsim's results strictly after --after. (Given an instant in
  the second pass of a repeated hour, cronsim starts from its wall-clock reading and may return an
  earlier instant; scheduler prints only later ones, as its interface promises.)
- Minute or hour starting with '*' (`*/15 * * * *`): real time, every real minute whose wall-clock
  reading matches, by a direct scan here. cronsim agrees except in rare cases around 30-minute DST
  changes (Australia/Lord_Howe) and midnight gaps, where its hour-stepping lands on :30 or on a
  non-existent midnight; those are counted and reported, with the scan as the reference.
"""
import argparse, random, signal, subprocess, sys
from datetime import datetime, timezone, timedelta
from zoneinfo import ZoneInfo, available_timezones
from cronsim import CronSim, CronSimError

UTC = timezone.utc
SPECIAL = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham",
           "America/Sao_Paulo", "Europe/Dublin", "Pacific/Apia", "Asia/Kolkata", "America/Santiago",
           "Africa/Casablanca", "America/Havana", "Asia/Tehran", "Australia/Sydney", "America/St_Johns",
           "Asia/Gaza", "America/Godthab", "Europe/Moscow", "Pacific/Kiritimati", "America/Scoresbysund"]
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
DAYS = "sun mon tue wed thu fri sat".split()


def value(rng, lo, hi, names):
    v = rng.randint(lo, hi)
    if names and rng.random() < 0.3:
        n = names[(v - lo) % len(names)] if lo == 1 else names[v % 7]
        return rng.choice([n, n.upper(), n.title()]), v
    return str(v), v


def item(rng, lo, hi, names, star_p):
    r = rng.random()
    if r < star_p:
        return "*" if rng.random() < 0.6 else f"*/{rng.randint(1, hi - lo + 2)}"
    r = rng.random()
    if r < 0.5:
        return value(rng, lo, hi, names)[0]
    a, av = value(rng, lo, hi, names)
    b, bv = value(rng, av, hi, names) if av < hi else (a, av)
    if names and (av != int(av) or bv < av):
        b = str(bv)
    s = f"{a}-{b}"
    if rng.random() < 0.4:
        s += f"/{rng.randint(1, max(1, hi - lo))}"
    return s


def field(rng, lo, hi, names=None, star_p=0.4):
    if rng.random() < star_p:
        return item(rng, lo, hi, names, 1.0)
    return ",".join(item(rng, lo, hi, names, 0.0) for _ in range(rng.choice([1, 1, 1, 2, 3])))


def expression(rng):
    style = rng.random()
    minute = field(rng, 0, 59, star_p=0.5 if style < 0.5 else 0.1)
    hour = field(rng, 0, 23, star_p=0.5 if style < 0.5 else 0.1)
    dom = field(rng, 1, 31, star_p=0.6)
    month = field(rng, 1, 12, MONTHS, star_p=0.7)
    dow = field(rng, 0, 7, DAYS, star_p=0.6)
    if rng.random() < 0.05:
        dom, month = rng.choice(["29", "30", "31", "28-31", "*/29"]), rng.choice(["2", "feb", "2,4", "*"])
    return f"{minute} {hour} {dom} {month} {dow}"


_transitions = {}


def transitions(z, year):
    key = (str(z), year)
    if key not in _transitions:
        _transitions[key] = _scan(z, year)
    return _transitions[key]


def _scan(z, year):
    """UTC instants in `year` where the zone's offset changes (hour resolution, then minute)."""
    out, t = [], datetime(year, 1, 1, tzinfo=UTC)
    prev = t.astimezone(z).utcoffset()
    while t.year == year:
        n = t + timedelta(hours=1)
        off = n.astimezone(z).utcoffset()
        if off != prev:
            m = t
            while m.astimezone(z).utcoffset() == prev:
                m += timedelta(minutes=1)
            out.append(m)
            prev = off
        t = n
    return out


def instant(rng, z):
    year = rng.choice([rng.randint(1971, 2037), rng.randint(2000, 2030), rng.randint(2038, 2099)])
    if rng.random() < 0.6:
        tr = transitions(z, year)
        if tr:
            base = rng.choice(tr)
            return base + timedelta(seconds=rng.randint(-3 * 86400, 3 * 86400) if rng.random() < 0.3 else rng.randint(-7200, 7200))
    start = datetime(year, 1, 1, tzinfo=UTC)
    return start + timedelta(seconds=rng.randint(0, 365 * 86400))


def for_cronsim(expr):
    """cronsim reads a one-value range with a step (`5-5/10`) as `5/10` (5, 15, 25, ...); Debian cron
    reads it as just 5, and so does scheduler. Rewrite such items to the bare value."""
    fields = expr.split()
    out = []
    for k, f in enumerate(fields):
        items = []
        for it in f.split(","):
            body, _, step = it.partition("/")
            a, dash, b = body.partition("-")
            names = MONTHS if k == 3 else DAYS if k == 4 else []
            num = lambda x: (names.index(x.lower()) + (1 if k == 3 else 0)) if x.lower() in names else int(x)
            if step and dash and a != "*" and num(a) == num(b):
                it = a
            items.append(it)
        out.append(",".join(items))
    return " ".join(out)


def wildcard(expr):
    """Debian cron treats a job whose minute or hour field starts with '*' as a wildcard job."""
    minute, hour = expr.split()[:2]
    return minute.startswith("*") or hour.startswith("*")


def real_time(cs, z, after, n, days=400):
    """Wildcard jobs follow real time: every real minute whose wall-clock reading matches.
    Skips to the next local midnight or hour only when the offset stays the same on the way."""
    t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    out, limit = [], after + timedelta(days=days)

    def skip(minutes):
        nonlocal t
        target = t + timedelta(minutes=minutes)
        same = t.astimezone(z).utcoffset() == target.astimezone(z).utcoffset()
        t = target if same else t + timedelta(minutes=1)

    while len(out) < n and t < limit:
        l = t.astimezone(z)
        if l.month not in cs.months or not cs.match_day(l.date()):
            skip(1440 - (l.hour * 60 + l.minute))
        elif l.hour not in cs.hours:
            skip(60 - l.minute)
        else:
            if l.minute in cs.minutes:
                out.append(t)
            t += timedelta(minutes=1)
    return out if len(out) == n else None


class Hung(Exception):
    pass


def _alarm(signum, frame):
    raise Hung()


def cronsim_times(expr, z, after, n):
    """cronsim's next n times strictly after `after` (UTC), "ERR" for an invalid expression, or
    "HUNG" when it loops (its real-time steps can cycle around old 00:01 changes, America/St_Johns)."""
    try:
        it = CronSim(for_cronsim(expr), after.astimezone(z))
    except CronSimError:
        return "ERR"
    out = []
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(5)
    try:
        for _ in range(n + 200):
            x = next(it)
            if x.astimezone(UTC) > after:
                out.append(x.astimezone(UTC))
                if len(out) == n:
                    break
    except StopIteration:
        pass
    except Hung:
        return "HUNG"
    finally:
        signal.alarm(0)
    return out


def reference(expr, z, after, n):
    """(expected times, whether cronsim itself disagrees with the rule)."""
    sim = cronsim_times(expr, z, after, n)
    if sim == "ERR" or not wildcard(expr):
        return sim, False
    clean = real_time(CronSim(for_cronsim(expr), after.astimezone(z)), z, after, n)
    if clean is None:      # sparse: nothing within 400 days of real-time scan; trust cronsim
        return sim, False
    return clean, clean != sim


def fmt(ts):
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def run_scheduler(binary, cases):
    results = []
    for expr, zone, after, n in cases:
        p = subprocess.run([binary, "next", "--cron", expr, "--tz", zone, "--after", fmt(after), "-n", str(n)],
                           capture_output=True, text=True)
        if p.returncode != 0:
            results.append("ERR")
        else:
            results.append([datetime.fromisoformat(l).astimezone(UTC) for l in p.stdout.split()])
    return results


def run_batch(binary, cases):
    text = "".join(f"{e}\t{z}\t{fmt(a)}\t{n}\n" for e, z, a, n in cases)
    p = subprocess.run([binary], input=text, capture_output=True, text=True, check=True)
    results = []
    for line in p.stdout.splitlines():
        if line.startswith("ERR"):
            results.append("ERR")
        else:
            results.append([datetime.fromisoformat(x.replace("Z", "+00:00")) for x in line.split() if x != "nil"])
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--scheduler", default=".build/release/scheduler")
    ap.add_argument("--show-quirks", action="store_true", help="also print the cases where cronsim strays")
    ap.add_argument("--batch", help="a binary reading EXPR<TAB>ZONE<TAB>AFTER<TAB>N lines (development harness)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("posix", "right", "Etc")))
    cases = []
    for _ in range(args.cases):
        zone = rng.choice(SPECIAL) if rng.random() < 0.6 else rng.choice(zones)
        z = ZoneInfo(zone)
        cases.append((expression(rng), zone, instant(rng, z), args.count))
    got = run_batch(args.batch, cases) if args.batch else run_scheduler(args.scheduler, cases)
    bad = errors = quirks = 0
    for (expr, zone, after, n), g in zip(cases, got):
        want, quirk = reference(expr, ZoneInfo(zone), after, n)
        quirks += quirk
        if quirk and args.show_quirks:
            sim = cronsim_times(expr, ZoneInfo(zone), after, n)
            sim = sim if isinstance(sim, str) else " ".join(x.astimezone(ZoneInfo(zone)).isoformat() for x in sim)
            print(f"QUIRK {expr!r} {zone} after {after.astimezone(ZoneInfo(zone)).isoformat()}\n  cronsim:   {sim}")
        if want == "ERR":
            errors += 1
        if want != g:
            bad += 1
            show = lambda r: r if isinstance(r, str) else " ".join(x.astimezone(ZoneInfo(zone)).isoformat() for x in r)
            print(f"MISMATCH {expr!r} {zone} after {after.astimezone(ZoneInfo(zone)).isoformat()}\n"
                  f"  cronsim:   {show(want)}\n  scheduler: {show(g)}")
    print(f"oracle: {len(cases)} cases ({errors} invalid expressions), {bad} mismatches; "
          f"{quirks} wildcard cases where cronsim strays from real time (reference: real time)")
    print(f"{len(cases) - bad} passed, {bad} failed")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
