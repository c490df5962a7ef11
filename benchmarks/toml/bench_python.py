#!/usr/bin/env python3
"""Times Python TOML parsers on one file (CPU time, median): prints `name.key=value` lines for bench.sh.

    bench_python.py FILE RUNS
"""
import sys
import time
import tracemalloc


def measure(name, loads, text, runs):
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        loads(text)
        times.append(time.process_time() - t0)
    times.sort()
    tracemalloc.start()
    doc = loads(text)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del doc
    mb = len(text.encode()) / 1e6
    print(f"{name}.mb_s={mb / times[len(times) // 2]:.1f}")
    print(f"{name}.doc_bytes={size}")


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        text = f.read()
    import tomllib
    print(f"python.version={sys.version.split()[0]}")
    measure("tomllib", tomllib.loads, text, runs)
    try:
        import rtoml
    except ImportError:
        print("rtoml.mb_s=n/a")
        print("rtoml.doc_bytes=0")
        return
    print(f"rtoml.version={rtoml.__version__}")
    measure("rtoml", rtoml.loads, text, runs)


if __name__ == "__main__":
    main()
